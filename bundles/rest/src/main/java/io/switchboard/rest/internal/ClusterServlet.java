package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.cluster.Solution;
import io.switchboard.api.cluster.SourceOwnership;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/v1/cluster} (API.md, "Cluster"): {@code {"name", "members": [{"name",
 * "address", "http", "up", "sources", "partitions"}], "safe"}}. With a solution every member of
 * it is listed, up or not; without one, the grid's members (a cluster of one, usually).
 * {@code sources} are those the member owns now.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-cluster")
@HttpWhiteboardServletPattern("/api/v1/cluster")
public class ClusterServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    private static final String NODE = io.switchboard.api.cluster.MemberAttributes.NODE;
    private static final String HTTP = io.switchboard.api.cluster.MemberAttributes.HTTP;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient HazelcastInstance grid;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient Solution solution;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient SourceOwnership owners;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HazelcastInstance hz = grid;
        if (hz == null || !hz.getLifecycleService().isRunning()) {
            throw new SwitchboardException(503, "the grid member is not running", null);
        }
        SourceOwnership o = owners;
        Json.write(resp, 200, body(hz, solution, o == null ? Map.of() : o.owners(), req.getLocalPort()));
    }

    static ObjectNode body(HazelcastInstance hz, Solution solution, Map<String, List<String>> owned, int localHttp) {
        Map<UUID, Integer> partitions = new HashMap<>();
        for (Partition p : hz.getPartitionService().getPartitions()) {
            if (p.getOwner() != null) {
                partitions.merge(p.getOwner().getUuid(), 1, Integer::sum);
            }
        }
        Member self = hz.getCluster().getLocalMember();
        Map<String, Member> live = new LinkedHashMap<>();
        for (Member m : hz.getCluster().getMembers()) {
            live.put(nameOf(m), m);
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("name", solution != null ? solution.name() : hz.getConfig().getClusterName());
        ArrayNode members = body.putArray("members");
        if (solution != null) {
            for (Solution.Member s : solution.members()) {
                Member m = live.remove(s.name());
                member(members, s.name(), s.host() + ":" + s.port(), s.host() + ":" + s.http(), m != null,
                        owned.get(s.name()), m == null ? 0 : partitions.getOrDefault(m.getUuid(), 0));
            }
        }
        for (Map.Entry<String, Member> e : live.entrySet()) {
            Member m = e.getValue();
            String http = m.getAttribute(HTTP);
            if (http == null && m.getUuid().equals(self.getUuid())) {
                http = m.getAddress().getHost() + ":" + localHttp;
            }
            member(members, e.getKey(), m.getAddress().getHost() + ":" + m.getAddress().getPort(), http, true,
                    owned.get(e.getKey()), partitions.getOrDefault(m.getUuid(), 0));
        }
        body.put("safe", hz.getPartitionService().isClusterSafe());
        return body;
    }

    private static void member(ArrayNode members, String name, String address, String http, boolean up,
            List<String> sources, int partitions) {
        ObjectNode n = members.addObject();
        n.put("name", name);
        n.put("address", address);
        if (http == null) {
            n.putNull("http");
        } else {
            n.put("http", http);
        }
        n.put("up", up);
        ArrayNode s = n.putArray("sources");
        if (sources != null) {
            sources.forEach(s::add);
        }
        n.put("partitions", partitions);
    }

    static String nameOf(Member m) {
        return io.switchboard.api.cluster.MemberAttributes.nodeName(m.getAttribute(NODE), m.getAddress().getHost(),
                m.getAddress().getPort());
    }
}
