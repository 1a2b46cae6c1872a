package io.switchboard.ixn.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeNames;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The Interaction Server nodes of every process, in this container: this process's nodes are
 * announced and served to the others, theirs are registered here as {@code InteractionNode}
 * services with {@value #REMOTE}{@code =true} (so a proxy of any process reaches every node), and
 * node names are unique in the cluster ({@link NodeNames}).
 */
@Component(name = "io.switchboard.ixn.cluster", immediate = true, service = NodeNames.class)
public class ClusterNodesComponent implements NodeNames {

    /** Service property of the stubs of nodes another process serves. */
    static final String REMOTE = "node.remote";
    /** Service property: the member (node name of the grid) that serves a stub's node. */
    static final String MEMBER = "node.member";

    @Reference
    private HazelcastInstance hazelcast;

    private record Early(InteractionNode node, long epoch) {
    }

    private final Map<String, Early> early = new ConcurrentHashMap<>();
    private volatile NodeDirectory directory;
    private final List<ServiceRegistration<?>> codecs = new ArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(" + REMOTE + "=true))", updated = "updatedNode")
    void addNode(InteractionNode node, Map<String, Object> props) {
        String name = (String) props.get(InteractionNode.NODE_NAME);
        if (name == null) {
            return;
        }
        long epoch = props.get(InteractionNode.LEASE_EPOCH) instanceof Long l ? l : 0;
        NodeDirectory d = directory;
        if (d == null) {
            early.put(name, new Early(node, epoch));
        } else {
            d.serving(name, node, epoch);
        }
    }

    /** The instance took its lease again (a newer generation). */
    void updatedNode(InteractionNode node, Map<String, Object> props) {
        addNode(node, props);
    }

    void removeNode(InteractionNode node, Map<String, Object> props) {
        String name = (String) props.get(InteractionNode.NODE_NAME);
        if (name == null) {
            return;
        }
        early.computeIfPresent(name, (k, e) -> e.node() == node ? null : e);
        NodeDirectory d = directory;
        if (d != null) {
            d.notServing(name, node);
        }
    }

    @Activate
    void activate(BundleContext context) {
        for (GridCodec<?> c : NodeCodecs.all()) {
            codecs.add(context.registerService(GridCodec.class, c, null));
        }
        NodeDirectory d = new NodeDirectory(hazelcast, new NodeDirectory.Stubs() {
            @Override
            public Object register(String node, String member, InteractionNode stub) {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(InteractionNode.NODE_NAME, node);
                props.put(REMOTE, Boolean.TRUE);
                props.put(MEMBER, member);
                return context.registerService(InteractionNode.class, stub, props);
            }

            @Override
            public void unregister(Object registration) {
                try {
                    ((ServiceRegistration<?>) registration).unregister();
                } catch (IllegalStateException gone) {
                    // unregistered with the bundle already
                }
            }
        });
        early.forEach((name, e) -> d.serving(name, e.node(), e.epoch()));
        early.clear();
        d.start();
        directory = d;
    }

    @Deactivate
    void deactivate() {
        NodeDirectory d = directory;
        directory = null;
        if (d != null) {
            d.close();
        }
        for (ServiceRegistration<?> r : codecs) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // unregistered with the bundle
            }
        }
        codecs.clear();
    }

    @Override
    public String claim(String node, String database, boolean shared) {
        NodeDirectory d = directory;
        if (d == null) {
            throw new IllegalStateException("the cluster's node directory is not running");
        }
        return d.claim(node, database, shared);
    }

    @Override
    public void release(String node, String database, boolean shared) {
        NodeDirectory d = directory;
        // without a directory the claim went with the one that held it: a new one counts afresh
        if (d != null) {
            d.release(node, database, shared);
        }
    }
}
