package io.switchboard.engine.internal.command;

import io.switchboard.api.stats.StatisticsService;
import io.switchboard.engine.internal.StatsEngine;
import java.nio.file.Paths;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "switchboard", name = "restore", description = "Loads a backup file: its statistics into the pool, and its objects' state into a grid that has none")
public class RestoreCommand implements Action {

    @Argument(index = 0, name = "file", required = true, description = "Backup file written by switchboard:backup")
    @Completion(FileCompleter.class)
    String file;

    @Reference
    private StatisticsService stats;

    @Override
    public Object execute() throws Exception {
        String what = ((StatsEngine) stats).restore(Paths.get(file));
        System.out.println("Restored " + what + " from " + file);
        return null;
    }
}
