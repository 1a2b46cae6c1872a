package io.switchboard.rest.internal.command;

import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.StatisticsService;
import java.util.List;
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
        StringsCompleter delegate = new StringsCompleter();
        for (TimeProfileDefinition p : stats.timeProfiles()) {
            delegate.getStrings().add(p.name());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
