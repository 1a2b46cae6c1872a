package io.switchboard.ixn.proxy.internal.command;

import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import io.switchboard.api.interaction.NodeInfo;
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

/**
 * Completes tenants: those the nodes name in their tenant lists, and those with configured
 * objects (a node with no list serves every tenant, so configuration is where the rest are).
 */
@Service
public class TenantCompleter implements Completer {

    @Reference
    BundleContext context;

    @Reference(optional = true)
    ConfigurationService config;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        TreeSet<String> tenants = new TreeSet<>();
        for (ProxyCore p : Proxies.all(context).values()) {
            for (String node : p.nodes().keySet()) {
                NodeInfo info = p.lastInfo(node);
                if (info != null) {
                    tenants.addAll(info.tenants());
                }
            }
        }
        if (config != null) {
            for (ConfigObject o : config.list(null)) {
                tenants.add(o.tenant());
            }
        }
        return new StringsCompleter(tenants).complete(session, commandLine, candidates);
    }
}
