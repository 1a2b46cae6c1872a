package io.switchboard.rest.internal.command;

import io.switchboard.api.model.ObjectType;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the object types statistics are opened on. */
@Service
public class ObjectTypeCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (ObjectType t : ObjectType.values()) {
            delegate.getStrings().add(t.name());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
