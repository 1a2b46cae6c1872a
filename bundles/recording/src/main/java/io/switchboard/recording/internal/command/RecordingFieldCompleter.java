package io.switchboard.recording.internal.command;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.RecordingService;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes a field of the recordings there are (tenants, calls, agents). */
abstract class RecordingFieldCompleter implements Completer {

    abstract RecordingService service();

    abstract Function<Recording, String> field();

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> values = new TreeSet<>();
        RecordingService s = service();
        if (s != null) {
            s.find(new RecordingQuery(null, null, null, null, null)).stream().map(field()).filter(Objects::nonNull)
                    .forEach(values::add);
        }
        return new StringsCompleter(values).complete(session, commandLine, candidates);
    }
}
