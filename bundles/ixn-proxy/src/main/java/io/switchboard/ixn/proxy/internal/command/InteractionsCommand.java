package io.switchboard.ixn.proxy.internal.command;

import io.switchboard.api.interaction.Interaction;
import io.switchboard.ixn.proxy.internal.ProxyCore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "switchboard", name = "interactions", description = "Finds interactions of a tenant over all nodes "
        + "through a proxy, in queue order (e.g. switchboard:interactions demo queue=sales state=queued)")
public class InteractionsCommand implements Action {

    @Reference
    private BundleContext context;

    @Argument(index = 0, name = "tenant", required = true)
    @org.apache.karaf.shell.api.action.Completion(TenantCompleter.class)
    private String tenant;

    @Argument(index = 1, name = "where", description = "field=value conditions (id, queue, media, state, agent, "
            + "workbin, owner, data.<key>)", multiValued = true)
    @org.apache.karaf.shell.api.action.Completion(ConditionCompleter.class)
    private List<String> where;

    @Option(name = "--proxy", description = "Proxy name (default: the first)")
    @org.apache.karaf.shell.api.action.Completion(ProxyCompleter.class)
    private String proxy;

    @Option(name = "--limit", description = "At most this many (0 = all)")
    @org.apache.karaf.shell.api.action.Completion(value = StringsCompleter.class, values = {"10", "100", "1000", "0"})
    private int limit = 100;

    @Override
    public Object execute() {
        ProxyCore p = Proxies.one(context, proxy);
        Map<String, String> conditions = new LinkedHashMap<>();
        if (where != null) {
            for (String w : where) {
                int eq = w.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("condition '" + w + "' is not field=value");
                }
                conditions.put(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        ShellTable table = new ShellTable();
        for (String c : new String[] {"Id", "Node", "Media", "Queue", "Priority", "Submitted", "State", "Agent",
                "Workbin"}) {
            table.column(c);
        }
        for (Interaction i : p.find(tenant, conditions, limit)) {
            table.addRow().addContent(i.id(), i.node(), i.media(), i.queue(), i.priority(),
                    Instant.ofEpochMilli(i.submitted()).toString(), i.state().name().toLowerCase(java.util.Locale.ROOT),
                    i.agent() == null ? "" : i.agent(), i.workbin() == null ? "" : i.workbin());
        }
        table.print(System.out);
        return null;
    }
}
