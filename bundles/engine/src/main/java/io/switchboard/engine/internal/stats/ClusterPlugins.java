package io.switchboard.engine.internal.stats;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.switchboard.api.cluster.MemberAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which member has which category plug-ins. A plug-in's statistics are evaluated on the member
 * that owns each object's partition, so a plug-in missing on one member would answer null for
 * the objects there while the others answer values: a statistic of a plug-in that is not on every
 * member is refused instead, naming the members that lack it. Each member writes its own entry
 * of a replicated map (reads are local: a peek asks no other member), under its node name: a
 * member's uuid changes when it restarts or merges back after a split, its name does not.
 */
public final class ClusterPlugins {

    static final String MAP = "sb.plugins";

    private final ReplicatedMap<String, String> map;
    private final HazelcastInstance hazelcast;
    private final UUID mergeListener;
    private volatile String published;

    public ClusterPlugins(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.map = hazelcast.getReplicatedMap(MAP);
        // a merge back after a split keeps the larger side's entries: say again what this member has
        this.mergeListener = hazelcast.getLifecycleService().addLifecycleListener(e -> {
            String names = published;
            if (e.getState() == LifecycleEvent.LifecycleState.MERGED && names != null) {
                map.put(nameOf(hazelcast.getCluster().getLocalMember()), names);
            }
        });
    }

    /** This member has now these plug-ins. */
    public void publish(Collection<String> names) {
        published = String.join(",", new TreeSet<>(names));
        map.put(nameOf(hazelcast.getCluster().getLocalMember()), published);
    }

    /** This member leaves. */
    public void withdraw() {
        hazelcast.getLifecycleService().removeLifecycleListener(mergeListener);
        map.remove(nameOf(hazelcast.getCluster().getLocalMember()));
    }

    private static String nameOf(Member m) {
        return MemberAttributes.nodeName(m.getAttribute(MemberAttributes.NODE), m.getAddress().getHost(),
                m.getAddress().getPort());
    }

    /** The live members, by node name in order, that do not have the plug-in {@code name}. */
    public List<String> lacking(String name) {
        List<String> out = new ArrayList<>();
        for (Member m : hazelcast.getCluster().getMembers()) {
            String node = nameOf(m);
            String names = map.get(node);
            if (names == null || !Arrays.asList(names.split(",")).contains(name)) {
                out.add(node);
            }
        }
        out.sort(null);
        return out;
    }
}
