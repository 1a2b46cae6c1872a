package io.switchboard.licensing.internal.command;

import io.switchboard.api.licensing.LicensingService;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the nodes the licence knows: running, holding seats, or with seats of their own. */
@Service
public class LicensedNodeCompleter implements Completer {

    @Reference
    LicensingService licensing;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> names = new TreeSet<>();
        licensing.licenses().nodes().forEach(n -> names.add(n.node()));
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
