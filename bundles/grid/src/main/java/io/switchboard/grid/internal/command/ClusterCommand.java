package io.switchboard.grid.internal.command;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.SourceStats;
import io.switchboard.grid.internal.ClusterView;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "cluster", description = "Shows the grid cluster: state, whether it is safe, "
        + "its members with the partitions they own and this node's sources; with a member, its partition ids")
public class ClusterCommand implements Action {

    @Argument(index = 0, name = "member", description = "A member (host:port or uuid): list its partition ids")
    @Completion(MemberCompleter.class)
    String member;

    @Reference
    HazelcastInstance grid;

    @Reference(optional = true)
    EventIngestService ingest;

    @Override
    public Object execute() {
        List<String> sources = ingest == null ? null : ingest.sources().stream().map(SourceStats::source).toList();
        ClusterView view = ClusterView.of(grid, sources);
        if (member != null) {
            ClusterView.MemberView m = view.member(member);
            if (m == null) {
                throw new IllegalArgumentException("no member '" + member + "' in cluster '" + view.name() + "'");
            }
            ShellTable table = new ShellTable();
            table.column("Member");
            table.column("Partitions");
            table.column("Partition ids");
            table.addRow().addContent(m.address(), m.partitionIds().size(),
                    m.partitionIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
            table.print(System.out);
            return null;
        }
        ShellTable summary = new ShellTable();
        summary.column("Cluster");
        summary.column("State");
        summary.column("Safe");
        summary.column("Members");
        summary.column("Partitions");
        summary.column("Unowned");
        summary.addRow().addContent(view.name(), view.state(), view.safe() ? "yes" : "no", view.members().size(),
                view.partitions(), view.unowned());
        summary.print(System.out);

        ShellTable members = new ShellTable();
        members.column("Member");
        members.column("Uuid");
        members.column("Local");
        members.column("Version");
        members.column("Partitions");
        members.column("Sources");
        for (ClusterView.MemberView m : view.members()) {
            members.addRow().addContent(m.address(), m.uuid(), m.local() ? "*" : "", m.version(),
                    m.partitionIds().size(), m.sources() == null ? "?" : String.join(",", m.sources()));
        }
        members.print(System.out);
        return null;
    }
}
