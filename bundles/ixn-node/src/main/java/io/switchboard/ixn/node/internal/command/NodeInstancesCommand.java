package io.switchboard.ixn.node.internal.command;

import io.switchboard.ixn.node.internal.management.NodeMBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The Interaction Server node instances of this container, serving or standing by: which one
 * holds each pair's lease (also an instance in another process, for a pair on a network database)
 * and how long until a partner may take it.
 */
@Service
@Command(scope = "switchboard", name = "node-instances",
        description = "Interaction node instances in this container: role, state, database, the pair's lease")
public class NodeInstancesCommand implements Action {

    @Reference
    private BundleContext context;

    @Override
    public Object execute() throws InvalidSyntaxException {
        List<NodeMBean> nodes = new ArrayList<>();
        List<ServiceReference<NodeMBean>> refs = new ArrayList<>(context.getServiceReferences(NodeMBean.class, null));
        for (ServiceReference<NodeMBean> r : refs) {
            NodeMBean n = context.getService(r);
            if (n != null) {
                nodes.add(n);
            }
        }
        nodes.sort(Comparator.comparing(NodeMBean::getNode).thenComparing(NodeMBean::getInstance));
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("Instance");
        table.column("Role");
        table.column("State");
        table.column("Database");
        table.column("Lease holder");
        table.column("Lease left");
        for (NodeMBean n : nodes) {
            String holder = n.getLeaseHolder();
            long left = n.getLeaseExpiresInMillis();
            String state = n.isActive() ? "SERVING" : left == Long.MIN_VALUE ? "NO DATABASE" : "STANDBY";
            table.addRow().addContent(n.getNode(), n.getInstance(), n.getRole(), state, n.getDatabase(),
                    holder.isEmpty() ? "-" : holder.equals(n.getHolderId()) ? holder + " (this)" : holder,
                    left == Long.MIN_VALUE ? "-" : left < 0 ? "expired" : left + " ms");
        }
        table.print(System.out);
        for (ServiceReference<NodeMBean> r : refs) {
            context.ungetService(r);
        }
        return null;
    }
}
