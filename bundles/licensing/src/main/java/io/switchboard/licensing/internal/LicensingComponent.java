package io.switchboard.licensing.internal;

import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.SeatControl;
import io.switchboard.api.licensing.Licenses;
import io.switchboard.api.licensing.LicensingService;
import io.switchboard.api.licensing.Seat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seat licence of this container ({@code etc/io.switchboard.licensing.cfg}): the
 * {@link SeatControl} every interaction node asks, and the {@link LicensingService} the HTTP API,
 * shell and JMX read. Agents over a lowered limit are logged out of every interaction node this
 * container runs, directly: a proxy serves only the nodes it is configured with (the default proxy
 * reaches none of a tenant's other nodes), so going through one would miss logins it cannot see.
 */
@Component(name = "io.switchboard.licensing", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {SeatControl.class, LicensingService.class})
@Designate(ocd = LicensingComponent.Config.class)
public class LicensingComponent implements SeatControl, LicensingService {

    @ObjectClassDefinition(name = "Switchboard seat licensing",
            description = "Agent seats per interaction node pair; seats.<node> (not listed: any node name) sets one "
                    + "node's seats and wins over seats")
    public @interface Config {
        @AttributeDefinition(description = "Seats of every interaction node pair, -1 = no limit; lowering it below "
                + "the agents logged in logs out the most recent logins")
        int seats() default -1;

        @AttributeDefinition(description = "How often seats over the limit whose logout failed are tried again, ms")
        long enforceMillis() default 5000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LicensingComponent.class);

    private final SeatLicence licence = new SeatLicence(System::currentTimeMillis, this::logout);
    private final Map<String, InteractionNode> nodes = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addNode(InteractionNode node, Map<String, Object> props) {
        Object name = props.get(InteractionNode.NODE_NAME);
        if (name instanceof String n) {
            nodes.put(n, node);
            ScheduledExecutorService e = executor;
            if (e != null) {
                // reading who is logged in queries the node's database: not on the thread registering it
                e.execute(() -> licence.nodeUp(n, node::loggedInAgents));
            }
        }
    }

    void removeNode(InteractionNode node, Map<String, Object> props) {
        Object name = props.get(InteractionNode.NODE_NAME);
        if (name instanceof String n && nodes.remove(n, node)) {
            licence.nodeDown(n);
        }
    }

    @Activate
    void activate(Config config, Map<String, Object> properties) {
        configure(properties);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-licensing");
            t.setDaemon(true);
            return t;
        });
        nodes.forEach((n, node) -> executor.execute(() -> licence.nodeUp(n, node::loggedInAgents)));
        executor.execute(licence::enforce);
        long every = Math.max(100, enforceMillis(config));
        executor.scheduleWithFixedDelay(licence::enforce, every, every, TimeUnit.MILLISECONDS);
    }

    private static long enforceMillis(Config config) {
        try {
            return config.enforceMillis();
        } catch (RuntimeException bad) {
            // SCR could not read the value as a number: a typo must not stop the licence
            LOG.error("io.switchboard.licensing: 'enforceMillis' must be a whole number of milliseconds ({}); "
                    + "using 5000", bad.getMessage());
            return 5000;
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ScheduledExecutorService e = executor;
        if (configure(properties) && e != null) {
            // logouts write to the nodes' databases and may wait on them: not on the configuration admin's thread
            e.execute(licence::enforce);
        }
    }

    private boolean configure(Map<String, Object> properties) {
        try {
            licence.limits(SeatLimits.parse(properties));
            return true;
        } catch (IllegalArgumentException bad) {
            LOG.error("io.switchboard.licensing: {}; the licence stays {}", bad.getMessage(), licence.limits());
            return false;
        }
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    private void logout(String tenant, String agent) {
        boolean any = false;
        RuntimeException failed = null;
        for (InteractionNode n : nodes.values()) {
            try {
                any |= !n.agentLogout(tenant, agent).isEmpty();
            } catch (RuntimeException e) {
                // the other nodes still let it go; the licence tries this one again later
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
        if (!any) {
            throw InteractionException.conflict("agent '" + agent + "' is not logged in", "agent");
        }
    }

    @Override
    public boolean acquire(String node, String tenant, String agent, Set<String> media) {
        return licence.acquire(node, tenant, agent, media);
    }

    @Override
    public void release(String node, String tenant, String agent) {
        licence.release(node, tenant, agent);
    }

    @Override
    public Licenses licenses() {
        return licence.licenses();
    }

    @Override
    public List<Seat> seats() {
        return licence.seats();
    }
}
