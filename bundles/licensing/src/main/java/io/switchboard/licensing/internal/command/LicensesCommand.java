package io.switchboard.licensing.internal.command;

import io.switchboard.api.licensing.Licenses;
import io.switchboard.api.licensing.LicensingService;
import io.switchboard.api.licensing.Seat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "licenses", description = "Agent seats per interaction node (allowed, used, "
        + "free) and the cluster's capacity; with --agents, who holds them")
public class LicensesCommand implements Action {

    @Reference
    LicensingService licensing;

    @Argument(index = 0, name = "nodes", multiValued = true, description = "Only these nodes")
    @Completion(LicensedNodeCompleter.class)
    List<String> only;

    @Option(name = "-a", aliases = "--agents", description = "List the seats: node, tenant, agent, since when")
    boolean agents;

    @Override
    public Object execute() {
        Licenses l = licensing.licenses();
        Set<String> known = new TreeSet<>();
        l.nodes().forEach(n -> known.add(n.node()));
        if (only != null && !known.containsAll(only)) {
            List<String> unknown = new ArrayList<>(only);
            unknown.removeAll(known);
            throw new IllegalArgumentException("no node " + unknown + "; nodes: " + known);
        }
        ShellTable table = new ShellTable();
        if (agents) {
            table.column("Node");
            table.column("Tenant");
            table.column("Agent");
            table.column("Since");
            for (Seat s : licensing.seats()) {
                if (only == null || only.contains(s.node())) {
                    table.addRow().addContent(s.node(), s.tenant(), s.agent(),
                            s.since() == 0 ? "before licensing" : Instant.ofEpochMilli(s.since()).toString());
                }
            }
            table.print(System.out);
            return null;
        }
        table.column("Node");
        table.column("Status");
        table.column("Seats");
        table.column("Used");
        table.column("Free");
        for (Licenses.NodeSeats n : l.nodes()) {
            if (only != null && !only.contains(n.node())) {
                continue;
            }
            table.addRow().addContent(n.node(), n.up() ? "UP" : "DOWN", n.seats() == null ? "no limit" : n.seats(),
                    n.used(), n.seats() == null ? "-" : Math.max(0, n.seats() - n.used()));
        }
        table.print(System.out);
        System.out.println("Capacity: " + (l.capacity() == null ? "no limit" : l.capacity() + " agents"));
        return null;
    }
}
