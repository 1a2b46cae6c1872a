package io.switchboard.ixn.proxy.internal.command;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the fields a find condition may name (field=value), and the states after {@code state=}. */
@Service
public class ConditionCompleter implements Completer {

    static final List<String> FIELDS = List.of("id=", "queue=", "media=", "state=", "agent=", "workbin=", "owner=",
            "data.");

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        String word = commandLine.getCursorArgument() == null ? "" : commandLine.getCursorArgument();
        if (word.startsWith("state=")) {
            for (io.switchboard.api.interaction.Interaction.State s
                    : io.switchboard.api.interaction.Interaction.State.values()) {
                delegate.getStrings().add("state=" + s.name().toLowerCase(java.util.Locale.ROOT));
            }
        } else {
            delegate.getStrings().addAll(FIELDS);
        }
        int at = delegate.complete(session, commandLine, candidates);
        // a field is completed up to its '=': the value follows without a space
        candidates.replaceAll(c -> c.endsWith("= ") || c.endsWith(". ") ? c.substring(0, c.length() - 1) : c);
        return at;
    }
}
