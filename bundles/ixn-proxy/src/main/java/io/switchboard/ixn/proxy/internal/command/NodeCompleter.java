package io.switchboard.ixn.proxy.internal.command;

import io.switchboard.ixn.proxy.internal.ProxyCore;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** Completes the Interaction Server nodes the proxies know, up or down. */
@Service
public class NodeCompleter implements Completer {

    @Reference
    BundleContext context;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> names = new TreeSet<>();
        for (ProxyCore p : Proxies.all(context).values()) {
            names.addAll(p.nodes().keySet());
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
