package io.switchboard.ixn.proxy.internal;

import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.InteractionService;
import io.switchboard.api.interaction.NodeInfo;
import io.switchboard.ixn.proxy.internal.management.ProxyMBean;
import io.switchboard.ixn.proxy.internal.management.ProxyManagement;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Interaction Server Proxy per factory configuration
 * ({@code etc/io.switchboard.ixn.proxy-<name>.cfg}), over the node services of this container.
 * A node is down while no instance of it holds its pair's lease (no service registered).
 */
@Component(name = "io.switchboard.ixn.proxy", configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = ProxyComponent.Config.class, factory = true)
public class ProxyComponent implements ProxyCore.Nodes {

    @ObjectClassDefinition(name = "Switchboard Interaction Server Proxy")
    public @interface Config {
        String name() default "proxy1";

        @AttributeDefinition(description = "Node names of the cluster; empty = every node that registers")
        String[] nodes() default {};

        @AttributeDefinition(description = "proxy-cache-size: interaction ids whose node is remembered")
        int proxyCacheSize() default 10000;

        @AttributeDefinition(description = "pull-hold-timeout override in ms for every node; -1 = each node's own")
        long pullHoldTimeout() default -1;

        @AttributeDefinition(description = "Service ranking: the HTTP API uses the highest-ranked proxy by default")
        int ranking() default 0;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProxyComponent.class);

    private final Map<String, InteractionNode> up = new ConcurrentHashMap<>();
    private final Map<String, NodeInfo> lastInfo = new ConcurrentHashMap<>();
    private volatile Set<String> configured = Set.of();
    private ProxyCore core;
    private ExecutorService executor;
    private ServiceRegistration<InteractionService> registration;
    private ServiceRegistration<ProxyMBean> mbean;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addNode(InteractionNode node, Map<String, Object> props) {
        String name = (String) props.get(InteractionNode.NODE_NAME);
        if (name != null) {
            up.put(name, node);
            try {
                lastInfo.put(name, node.info());
            } catch (RuntimeException ignored) {
                // judged when asked
            }
        }
    }

    void removeNode(InteractionNode node, Map<String, Object> props) {
        String name = (String) props.get(InteractionNode.NODE_NAME);
        if (name != null) {
            up.remove(name, node);
        }
    }

    @Activate
    void activate(BundleContext context, Config config) {
        // a .cfg file gives "a,b" as one string; metatype-aware tools give an array
        configured = Arrays.stream(config.nodes()).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "switchboard-ixn-proxy-" + config.name());
            t.setDaemon(true);
            return t;
        });
        core = new ProxyCore(new ProxyCore.Settings(config.name(), config.proxyCacheSize(), config.pullHoldTimeout()),
                this, executor);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(InteractionService.PROXY_NAME, config.name());
        props.put("service.ranking", config.ranking());
        registration = context.registerService(InteractionService.class, core, props);
        Dictionary<String, Object> mprops = new Hashtable<>();
        mprops.put("jmx.objectname", "io.switchboard:type=InteractionProxy,name=" + config.name());
        try {
            mbean = context.registerService(ProxyMBean.class, new ProxyManagement(this), mprops);
        } catch (javax.management.NotCompliantMBeanException e) {
            throw new IllegalStateException(e);
        }
        LOG.info("Interaction proxy {} over nodes {}", config.name(), configured.isEmpty() ? "(all)" : configured);
    }

    @Deactivate
    void deactivate() {
        mbean.unregister();
        registration.unregister();
        executor.shutdownNow();
    }

    @Override
    public Map<String, InteractionNode> all() {
        Map<String, InteractionNode> out = new TreeMap<>();
        if (configured.isEmpty()) {
            out.putAll(up);
            return out;
        }
        for (String name : configured) {
            out.put(name, up.get(name));
        }
        return out;
    }

    @Override
    public NodeInfo lastInfo(String name) {
        return lastInfo.get(name);
    }

    public ProxyCore core() {
        return core;
    }
}
