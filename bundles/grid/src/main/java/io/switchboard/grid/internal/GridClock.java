package io.switchboard.grid.internal;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.cluster.ClusterClock;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The cluster's clock (API.md "Cluster"): the grid's cluster time, i.e. the master's clock as each
 * member learned its difference from the master's heartbeats. Chosen over correcting each node's
 * age: one number per interaction that any proxy compares without knowing where it was stamped.
 */
@Component(name = "io.switchboard.grid.clock", service = ClusterClock.class)
public class GridClock implements ClusterClock {

    @Reference
    private HazelcastInstance hazelcast;

    @Override
    public long now() {
        return hazelcast.getCluster().getClusterTime();
    }
}
