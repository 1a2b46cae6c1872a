package io.switchboard.ixn.proxy.internal.command;

import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeInfo;
import io.switchboard.ixn.proxy.internal.ProxyCore;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "switchboard", name = "nodes", description = "Lists the Interaction Server nodes the proxies see: "
        + "up or down, the serving instance, tenants, media types, interactions by state")
public class NodesCommand implements Action {

    @Reference
    BundleContext context;

    @org.apache.karaf.shell.api.action.Argument(index = 0, name = "nodes", multiValued = true,
            description = "Only these nodes")
    @org.apache.karaf.shell.api.action.Completion(NodeCompleter.class)
    java.util.List<String> only;

    @Override
    public Object execute() {
        Map<String, InteractionNode> nodes = new TreeMap<>();
        Map<String, NodeInfo> last = new TreeMap<>();
        for (ProxyCore p : Proxies.all(context).values()) {
            p.nodes().forEach((name, n) -> {
                if (n != null || !nodes.containsKey(name)) {
                    nodes.put(name, n);
                }
                if (p.lastInfo(name) != null) {
                    last.put(name, p.lastInfo(name));
                }
            });
        }
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Status");
        table.column("Instance");
        table.column("Tenants");
        table.column("Media");
        table.column("Disabled");
        table.column("Queued");
        table.column("Offered");
        table.column("Accepted");
        table.column("Workbin");
        table.column("Stopped");
        if (only != null && !nodes.keySet().containsAll(only)) {
            java.util.List<String> unknown = new java.util.ArrayList<>(only);
            unknown.removeAll(nodes.keySet());
            throw new IllegalArgumentException("no node " + unknown + "; nodes: " + nodes.keySet());
        }
        for (Map.Entry<String, InteractionNode> e : nodes.entrySet()) {
            if (only != null && !only.contains(e.getKey())) {
                continue;
            }
            InteractionNode n = e.getValue();
            NodeInfo info = last.get(e.getKey());
            Map<String, Long> counts = new TreeMap<>();
            String status = n == null ? "DOWN" : "UP";
            if (n != null) {
                try {
                    info = n.info();
                    counts.putAll(n.countsByState());
                } catch (RuntimeException ex) {
                    status = "FAILING";
                }
            }
            table.addRow().addContent(e.getKey(), status, info == null ? "-" : info.instance(),
                    info == null ? "-" : Proxies.join(info.tenants()), info == null ? "-" : Proxies.join(info.mediaTypes()),
                    info == null ? "-" : Proxies.join(info.disabledMediaTypes()),
                    counts.getOrDefault("QUEUED", 0L), counts.getOrDefault("OFFERED", 0L),
                    counts.getOrDefault("ACCEPTED", 0L), counts.getOrDefault("WORKBIN", 0L),
                    counts.getOrDefault("STOPPED", 0L));
        }
        table.print(System.out);
        return null;
    }
}
