package io.switchboard.grid.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What management shows of the grid at one moment: the cluster, its state, whether every
 * partition has its backups ({@code safe}), and per member the partitions it owns. Sources are
 * known for the local member only (what this node's bus ingests); the others' are not asked.
 */
public record ClusterView(String name, String state, boolean safe, int partitions, int unowned,
        List<MemberView> members) {

    /** One member; {@code partitionIds} are those it owns now (they move while the cluster migrates). */
    public record MemberView(String uuid, String address, boolean local, String version, List<Integer> partitionIds,
            List<String> sources) {
        public MemberView {
            partitionIds = List.copyOf(partitionIds);
            sources = sources == null ? null : List.copyOf(sources);
        }
    }

    public ClusterView {
        members = List.copyOf(members);
    }

    /** The member of that address or uuid (or their start), or null. */
    public MemberView member(String addressOrUuid) {
        for (MemberView m : members) {
            if (m.address().equals(addressOrUuid) || m.uuid().equals(addressOrUuid)) {
                return m;
            }
        }
        for (MemberView m : members) {
            if (m.uuid().startsWith(addressOrUuid)) {
                return m;
            }
        }
        return null;
    }

    public MemberView local() {
        return members.stream().filter(MemberView::local).findFirst().orElse(null);
    }

    /** Reads the grid; a member that is not running is an IllegalStateException saying so. */
    public static ClusterView of(HazelcastInstance hz, List<String> localSources) {
        if (hz == null || !hz.getLifecycleService().isRunning()) {
            throw new IllegalStateException("the grid member is not running");
        }
        Map<UUID, List<Integer>> owned = new HashMap<>();
        int unowned = 0;
        java.util.Set<Partition> partitions = hz.getPartitionService().getPartitions();
        for (Partition p : partitions) {
            Member owner = p.getOwner();
            if (owner == null) {
                unowned++;
            } else {
                owned.computeIfAbsent(owner.getUuid(), u -> new ArrayList<>()).add(p.getPartitionId());
            }
        }
        Member self = hz.getCluster().getLocalMember();
        List<MemberView> members = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            boolean local = m.getUuid().equals(self.getUuid());
            List<Integer> ids = owned.getOrDefault(m.getUuid(), new ArrayList<>());
            ids.sort(null);
            members.add(new MemberView(m.getUuid().toString(), m.getAddress().getHost() + ":" + m.getAddress().getPort(),
                    local, String.valueOf(m.getVersion()), ids, local ? localSources : null));
        }
        return new ClusterView(hz.getConfig().getClusterName(), hz.getCluster().getClusterState().name(),
                hz.getPartitionService().isClusterSafe(), partitions.size(), unowned, members);
    }
}
