package io.switchboard.grid.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.api.cluster.MemberAttributes;
import io.switchboard.api.cluster.Solution;
import io.switchboard.api.cluster.SourceOwnership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Source ownership kept in the grid map {@code sb.source-owners} (source → node name), changed
 * only by compare-and-set so that two nodes asked for one source at once agree on one owner.
 */
@Component(name = "io.switchboard.grid.sources", service = SourceOwnership.class)
public class SourceOwners implements SourceOwnership {

    static final String MAP = "sb.source-owners";

    @Reference
    private HazelcastInstance hazelcast;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private Solution solution;

    private Owners owners;

    @Activate
    void activate() {
        owners = new Owners(hazelcast.getMap(MAP), solution, () -> Owners.nodes(hazelcast), Owners.nodeOf(
                hazelcast.getCluster().getLocalMember()));
    }

    @Override
    public Claim claim(String source) {
        return owners.claim(source);
    }

    @Override
    public String self() {
        return owners.self;
    }

    @Override
    public Map<String, List<String>> owners() {
        return owners.byNode();
    }

    @Override
    public boolean shared() {
        return hazelcast.getCluster().getMembers().size() > 1;
    }

    @Override
    public String http(String node) {
        for (Member m : hazelcast.getCluster().getMembers()) {
            if (Owners.nodeOf(m).equals(node)) {
                return m.getAttribute(MemberAttributes.HTTP);
            }
        }
        return null;
    }

    /** The rules, without OSGi. */
    static final class Owners {
        final IMap<String, String> map;
        final Solution solution;
        final java.util.function.Supplier<Map<String, String>> liveNodes;
        final String self;

        Owners(IMap<String, String> map, Solution solution, java.util.function.Supplier<Map<String, String>> liveNodes,
                String self) {
            this.map = map;
            this.solution = solution;
            this.liveNodes = liveNodes;
            this.self = self;
        }

        /** Live nodes: name → TCP address (null when the node did not say). */
        static Map<String, String> nodes(HazelcastInstance hz) {
            Map<String, String> out = new TreeMap<>();
            for (Member m : hz.getCluster().getMembers()) {
                out.put(nodeOf(m), m.getAttribute(MemberAttributes.TCP));
            }
            return out;
        }

        static String nodeOf(Member m) {
            return MemberAttributes.nodeName(m.getAttribute(MemberAttributes.NODE), m.getAddress().getHost(),
                    m.getAddress().getPort());
        }

        Claim claim(String source) {
            for (int attempt = 0; attempt < 5; attempt++) {
                Map<String, String> live = liveNodes.get();
                String current = map.get(source);
                if (self.equals(current)) {
                    return Claim.granted(self);
                }
                if (current != null && live.containsKey(current)) {
                    return redirect(current, live);
                }
                Solution.Member first = solution == null ? null : solution.firstOwnerOf(source);
                if (first != null && !first.name().equals(self) && live.containsKey(first.name())) {
                    return redirect(first.name(), live);
                }
                boolean taken = current == null ? map.putIfAbsent(source, self) == null
                        : map.replace(source, current, self);
                if (taken) {
                    return Claim.granted(self);
                }
            }
            String now = map.get(source);
            return self.equals(now) ? Claim.granted(self) : redirect(now, liveNodes.get());
        }

        private static Claim redirect(String owner, Map<String, String> live) {
            String tcp = live.get(owner);
            // a node that never said where its TCP port is (no solution) cannot be pointed at
            return tcp == null ? new Claim(true, owner, null) : new Claim(false, owner, tcp);
        }

        Map<String, List<String>> byNode() {
            Map<String, List<String>> out = new TreeMap<>();
            for (Map.Entry<String, String> e : map.entrySet()) {
                out.computeIfAbsent(e.getValue(), n -> new ArrayList<>()).add(e.getKey());
            }
            out.values().forEach(l -> l.sort(null));
            return out;
        }
    }
}
