package io.switchboard.engine.internal.command;

import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.StatisticsService;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the names of the time profiles. */
@Service
public class ProfileCompleter implements Completer {

    @Reference
    StatisticsService stats;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names(stats.timeProfiles())).complete(session, commandLine, candidates);
    }

    static TreeSet<String> names(Collection<TimeProfileDefinition> profiles) {
        TreeSet<String> names = new TreeSet<>();
        for (TimeProfileDefinition p : profiles) {
            names.add(p.name());
        }
        return names;
    }
}
