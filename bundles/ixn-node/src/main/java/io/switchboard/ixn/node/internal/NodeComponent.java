package io.switchboard.ixn.node.internal;

import io.switchboard.api.cluster.ClusterClock;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeNames;
import io.switchboard.api.interaction.SeatControl;
import io.switchboard.ixn.node.internal.management.NodeMBean;
import io.switchboard.ixn.node.internal.management.NodeManagement;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of an Interaction Server node, one per factory configuration
 * ({@code etc/io.switchboard.ixn.node-<instance>.cfg}). The two instances of a primary/backup pair
 * name the same node and database; the one holding the lease in the database registers the
 * {@link InteractionNode} service, the other waits for the lease to become free.
 */
@Component(name = "io.switchboard.ixn.node", configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = NodeComponent.Config.class, factory = true)
public class NodeComponent {

    @ObjectClassDefinition(name = "Switchboard Interaction Server node")
    public @interface Config {
        @AttributeDefinition(description = "Node name; the two instances of a pair share it")
        String name() default "node1";

        @AttributeDefinition(description = "primary or backup: a backup lets the primary take the lease first")
        String role() default "primary";

        @AttributeDefinition(description = "Derby database directory, relative to karaf.data; a pair shares it")
        String database() default "";

        @AttributeDefinition(description = "A Derby network server's database, jdbc:derby://host:port/name, for a pair "
                + "whose instances run in different processes or hosts; empty = the embedded database")
        String databaseUrl() default "";

        @AttributeDefinition(description = "User for databaseUrl; empty = a server without authentication")
        String databaseUser() default "";

        @AttributeDefinition(description = "Password for databaseUrl", type = AttributeType.PASSWORD)
        String databasePassword() default "";

        @AttributeDefinition(description = "Tenants served; empty = every tenant")
        String[] tenants() default {};

        @AttributeDefinition(description = "cluster-settings/media-types: media types served; empty = every type")
        String[] mediaTypes() default {};

        @AttributeDefinition(description = "Media types refused for new interactions")
        String[] disabledMediaTypes() default {};

        @AttributeDefinition(description = "max-interactions-per-snapshot (0 = no limit)")
        int maxInteractionsPerSnapshot() default 1000;

        @AttributeDefinition(description = "pull-hold-timeout: how long a pull waits on an empty queue, ms")
        long pullHoldTimeout() default 1000;

        @AttributeDefinition(description = "An offered interaction not accepted within this time goes back to its queue, ms")
        long offerTimeout() default 30000;

        @AttributeDefinition(description = "Lease length, ms: how long a partner waits after an instance dies")
        long leaseMillis() default 3000;

        @AttributeDefinition(description = "How often the lease is renewed or tried, ms")
        long leasePollMillis() default 100;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NodeComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventIngestService bus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SeatControl seats;

    /**
     * The cluster's clock: submits are stamped with it, so that pulls over nodes in processes whose
     * clocks differ are in submit order. Without a grid, the process's own clock.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterClock clusterClock;

    private long now() {
        ClusterClock c = clusterClock;
        return c != null ? c.now() : ClusterClock.processTime();
    }

    /**
     * Names unique in the cluster (the grid's). Dynamic: the cluster's directory may come after
     * the node opened (it waits for the grid); the node then claims its name where it runs and
     * stops serving if another live process holds it, rather than restarting (its servlet's
     * clients would meet the node down) on every arrival.
     */
    private volatile NodeNames names;
    /** The directory that holds this instance's claim (one claim, given back on deactivation). */
    private NodeNames claimedWith;
    private String claimDatabase;
    private boolean claimShared;
    private volatile boolean refused;
    /** Opens the node (on the timer thread): again when a name refused at start may be free. */
    private volatile Runnable opening;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindNames(NodeNames n) {
        names = n;
        ScheduledExecutorService t = timer;
        if (t != null) {
            try {
                t.execute(this::claimLate);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // deactivating
            }
        }
    }

    void unbindNames(NodeNames n) {
        if (names == n) {
            names = null;
        }
    }

    private BundleContext context;
    private ScheduledExecutorService timer;
    // set once by the timer thread when the database is open; read after the timer has stopped
    private volatile NodeDatabase database;
    private volatile NodeEngine engine;
    private volatile EventPublisher publisher;
    private volatile Thread publisherThread;
    private ServiceRegistration<InteractionNode> registration;
    private long registeredEpoch;
    private volatile ServiceRegistration<NodeMBean> mbean;
    private volatile long activeSince;
    private volatile String role;
    private volatile String nodeName;
    private volatile boolean killed;

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        this.role = config.role();
        this.nodeName = config.name();
        String instance = config.name() + "-" + config.role();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-ixn-lease-" + instance);
            t.setDaemon(true);
            return t;
        });
        // Opening (or creating) a Derby database takes seconds: not on the thread that starts bundles.
        opening = () -> open(config, instance);
        timer.execute(opening);
    }

    private void open(Config config, String instance) {
        Path data = Paths.get(System.getProperty("karaf.data", "data"));
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", data.resolve("log/derby.log").toString());
        }
        if (System.getProperty("derby.system.home") == null) {
            System.setProperty("derby.system.home", data.resolve("derby").toAbsolutePath().toString());
        }
        boolean network = !config.databaseUrl().isBlank();
        String dir = network ? config.databaseUrl().trim()
                : config.database().isEmpty() ? "derby/ixn-" + config.name() : config.database();
        NodeEngine.Settings settings = new NodeEngine.Settings(config.name(), instance, set(config.tenants()),
                set(config.mediaTypes()), set(config.disabledMediaTypes()), config.maxInteractionsPerSnapshot(),
                config.pullHoldTimeout(), config.offerTimeout(), config.leaseMillis());
        claimDatabase = network ? dir : data.resolve(dir).toAbsolutePath().toString();
        claimShared = network;
        NodeNames n = names;
        if (n != null) {
            String taken;
            try {
                taken = claim(n);
            } catch (RuntimeException e) {
                LOG.error("Interaction node {} ({}): its name cannot be checked in the cluster now; retrying in 5 s",
                        config.name(), instance, e);
                timer.schedule(() -> open(config, instance), 5, TimeUnit.SECONDS);
                return;
            }
            if (taken != null) {
                refused = true;
                LOG.error("Interaction node {} ({}) does not start: {}", config.name(), instance, taken);
                return;
            }
        }
        NodeDatabase db = null;
        try {
            db = network ? NodeDatabase.openNetwork(dir, config.databaseUser(), config.databasePassword())
                    : NodeDatabase.open(data.resolve(dir));
            NodeEngine e = new NodeEngine(settings, db, this::now, System::nanoTime, () -> seats,
                    this::eventsLogged);
            e.start();
            database = db;
            engine = e;
        } catch (Exception e) {
            if (db != null) {
                db.close();
            }
            LOG.error("Interaction node {} ({}) cannot open its database {}; retrying in 5 s", config.name(), instance,
                    dir, e);
            timer.schedule(() -> open(config, instance), 5, TimeUnit.SECONDS);
            return;
        }
        publisher = new EventPublisher(engine, () -> bus);
        publisherThread = new Thread(publisher, "switchboard-ixn-events-" + instance);
        publisherThread.setDaemon(true);
        publisherThread.start();
        // a backup gives the primary of a fresh pair the first go at the lease
        long first = "backup".equals(config.role()) ? config.leaseMillis() : 0;
        timer.scheduleWithFixedDelay(this::lease, first, Math.max(10, config.leasePollMillis()), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::revoke, 500, 500, TimeUnit.MILLISECONDS);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("jmx.objectname", "io.switchboard:type=InteractionNode,node=" + config.name() + ",instance=" + instance);
        try {
            mbean = context.registerService(NodeMBean.class, NodeManagement.of(this), props);
        } catch (javax.management.NotCompliantMBeanException | IllegalStateException e) {
            LOG.warn("no MBean for interaction node {}: {}", instance, e.getMessage());
        }
        LOG.info("Interaction node {} ({}) on {}", config.name(), instance, database.describe());
    }

    /** Claims the name with {@code n}; null when it is this instance's now. Runs on the timer thread. */
    private String claim(NodeNames n) {
        if (claimedWith == n) {
            return null;
        }
        String taken = n.claim(nodeName, claimDatabase, claimShared);
        if (taken == null) {
            claimedWith = n;
        }
        return taken;
    }

    /**
     * The cluster's directory came after the node opened: the node claims its name now, and stops
     * serving (giving its lease back to a partner that may hold the name) if the name is taken.
     */
    private void claimLate() {
        NodeNames n = names;
        if (n == null || killed) {
            return;
        }
        if (engine == null) {
            if (refused && opening != null) {
                // refused by the directory that went: another one may find the name free now
                refused = false;
                opening.run();
            }
            // else not opened yet: open claims
            return;
        }
        if (refused) {
            return;
        }
        String taken;
        try {
            taken = claim(n);
        } catch (RuntimeException e) {
            LOG.error("Interaction node {}: its name cannot be checked in the cluster now; retrying in 5 s", nodeName, e);
            timer.schedule(this::claimLate, 5, TimeUnit.SECONDS);
            return;
        }
        if (taken != null) {
            synchronized (this) {
                refused = true;
                unregister();
                engine.stop(true);
            }
            LOG.error("Interaction node {} ({}) stops: {}", nodeName, engine.settings().instance(), taken);
        }
    }

    private static Set<String> set(String[] values) {
        Set<String> out = new LinkedHashSet<>();
        // a .cfg file gives "a,b" as one string; metatype-aware tools give an array
        Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(out::add);
        return out;
    }

    private void eventsLogged() {
        EventPublisher p = publisher;
        if (p != null) {
            p.signal();
        }
    }

    private synchronized void lease() {
        if (killed || refused) {
            return;
        }
        boolean held = engine.tryLease();
        if (held && registration == null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(InteractionNode.NODE_NAME, engine.settings().name());
            props.put("node.instance", engine.settings().instance());
            registeredEpoch = engine.epoch();
            props.put(InteractionNode.LEASE_EPOCH, registeredEpoch);
            registration = context.registerService(InteractionNode.class, engine, props);
            activeSince = System.currentTimeMillis();
            publisher.signal();
            LOG.info("Interaction node {}: instance {} took the lease and serves", engine.settings().name(),
                    engine.settings().instance());
        } else if (held && registeredEpoch != engine.epoch()) {
            // taken again (after a lost connection): the directories must see the newer generation
            registeredEpoch = engine.epoch();
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(InteractionNode.NODE_NAME, engine.settings().name());
            props.put("node.instance", engine.settings().instance());
            props.put(InteractionNode.LEASE_EPOCH, registeredEpoch);
            registration.setProperties(props);
        } else if (!held && registration != null) {
            unregister();
            LOG.warn("Interaction node {}: instance {} lost the lease", engine.settings().name(),
                    engine.settings().instance());
        }
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // bundle stopping
            }
            registration = null;
            activeSince = 0;
        }
    }

    private void revoke() {
        if (engine.isActive()) {
            try {
                engine.revokeExpiredOffers();
            } catch (RuntimeException e) {
                LOG.debug("revoking offers failed: {}", e.getMessage());
            }
        }
    }

    /**
     * Stops serving as if the process died: the service disappears but the lease is not given
     * back, so the partner takes over only once it expires.
     */
    public synchronized void kill() {
        killed = true;
        unregister();
        if (engine != null) {
            engine.stop(false);
        }
    }

    public NodeEngine engine() {
        return engine;
    }

    public EventPublisher publisher() {
        return publisher;
    }

    public long activeSince() {
        return activeSince;
    }

    public String role() {
        return role;
    }

    /** Where the database is (directory or network URL); null before it opened. */
    public String databaseDescription() {
        NodeDatabase db = database;
        return db == null ? null : db.describe();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        // no interrupt: Derby closes a connection whose thread is interrupted mid-statement
        timer.shutdown();
        timer.awaitTermination(60, TimeUnit.SECONDS);
        if (mbean != null) {
            try {
                mbean.unregister();
            } catch (IllegalStateException alreadyGone) {
                // bundle stopping
            }
        }
        if (engine != null) {
            synchronized (this) {
                unregister();
                engine.stop(true);
            }
            publisher.stop();
            publisherThread.join(5000);
            database.close();
        }
        releaseName();
    }

    /** Stopped cleanly (or its configuration removed): the name is free for another node once no partner holds it. */
    private void releaseName() {
        // the timer has stopped: the claim fields are settled
        NodeNames held = claimedWith;
        claimedWith = null;
        if (held == null) {
            return;
        }
        try {
            held.release(nodeName, claimDatabase, claimShared);
        } catch (RuntimeException e) {
            LOG.warn("Interaction node {}: its name not released ({}); it is free once this process leaves the cluster",
                    nodeName, e.toString());
        }
    }
}
