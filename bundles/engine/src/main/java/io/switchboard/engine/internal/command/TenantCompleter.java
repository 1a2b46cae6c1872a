package io.switchboard.engine.internal.command;

import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes the tenants that have configured objects. Tenants known only from their events are
 * not offered: the grid has no index of them, and scanning every object's state for a key press
 * would cost as much as a tenant statistic.
 */
@Service
public class TenantCompleter implements Completer {

    @Reference(optional = true)
    ConfigurationService config;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(tenants(config)).complete(session, commandLine, candidates);
    }

    static TreeSet<String> tenants(ConfigurationService config) {
        TreeSet<String> tenants = new TreeSet<>();
        if (config != null) {
            for (ConfigObject o : config.list(null)) {
                tenants.add(o.tenant());
            }
        }
        return tenants;
    }
}
