package io.switchboard.engine.internal.command;

import io.switchboard.api.stats.StatisticsService;
import io.switchboard.engine.internal.StatsEngine;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "switchboard", name = "backup", description = "Writes the statistic pool to its backup file (or to FILE)")
public class BackupCommand implements Action {

    @Argument(index = 0, name = "file", description = "Backup file (default: the configured one)")
    @Completion(FileCompleter.class)
    String file;

    @Reference
    private StatisticsService stats;

    @Override
    public Object execute() throws Exception {
        StatsEngine engine = (StatsEngine) stats;
        Path target = file == null ? engine.backupFile() : Paths.get(file);
        int n = engine.backup(target);
        System.out.println("Wrote " + n + " statistics to " + target.toAbsolutePath());
        return null;
    }
}
