package io.switchboard.grid.internal.management;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.SourceStats;
import io.switchboard.grid.internal.ClusterView;
import java.util.List;
import java.util.function.Function;
import javax.management.MBeanException;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname}, while the member runs. */
@Component(service = ClusterMBean.class, property = "jmx.objectname=io.switchboard:type=Cluster")
public class ClusterManagement extends StandardMBean implements ClusterMBean {

    @Reference
    private HazelcastInstance grid;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventIngestService ingest;

    public ClusterManagement() throws NotCompliantMBeanException {
        super(ClusterMBean.class);
    }

    public ClusterManagement(HazelcastInstance grid) throws NotCompliantMBeanException {
        this();
        this.grid = grid;
    }

    private <T> T read(String what, Function<ClusterView, T> f) throws MBeanException {
        try {
            EventIngestService in = ingest;
            List<String> sources = in == null ? null : in.sources().stream().map(SourceStats::source).toList();
            return f.apply(ClusterView.of(grid, sources));
        } catch (RuntimeException e) {
            throw new MBeanException(e, "reading the cluster's " + what + " failed: " + e.getMessage());
        }
    }

    @Override
    public String getClusterName() throws MBeanException {
        return read("name", ClusterView::name);
    }

    @Override
    public String getClusterState() throws MBeanException {
        return read("state", ClusterView::state);
    }

    @Override
    public boolean isSafe() throws MBeanException {
        return read("safety", ClusterView::safe);
    }

    @Override
    public int getPartitionCount() throws MBeanException {
        return read("partitions", ClusterView::partitions);
    }

    @Override
    public int getUnownedPartitions() throws MBeanException {
        return read("partitions", ClusterView::unowned);
    }

    @Override
    public String getLocalMember() throws MBeanException {
        return read("local member", v -> v.local().address());
    }

    @Override
    public int getMemberCount() throws MBeanException {
        return read("members", v -> v.members().size());
    }

    @Override
    public String[] getMembers() throws MBeanException {
        return read("members", v -> v.members().stream()
                .map(m -> m.address() + " " + m.uuid() + " partitions=" + m.partitionIds().size()
                        + (m.local() ? " local" : ""))
                .toArray(String[]::new));
    }
}
