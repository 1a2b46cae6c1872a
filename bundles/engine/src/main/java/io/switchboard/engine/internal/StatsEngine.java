package io.switchboard.engine.internal;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventSink;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.CategoryPlugin;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatListener;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatSubscription;
import io.switchboard.api.stats.StatisticsService;
import io.switchboard.api.time.SwitchboardClock;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.core.EngineClock;
import io.switchboard.engine.internal.grid.ClusterClock;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.engine.internal.notify.Notifier;
import io.switchboard.engine.internal.pool.PooledStat;
import java.nio.file.Files;
import io.switchboard.engine.internal.pool.StatPool;
import io.switchboard.engine.internal.stats.ClusterPlugins;
import io.switchboard.engine.internal.stats.PluginCategories;
import io.switchboard.engine.internal.stats.TimeProfile;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.topic.ITopic;
import java.util.UUID;
import io.switchboard.engine.internal.registry.RegistrySeeds;
import io.switchboard.engine.internal.registry.StatRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
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

/** The statistics engine of this node: applies accepted events and answers statistics. */
@Component(name = "io.switchboard.stats", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {EventSink.class, StatisticsService.class, SwitchboardClock.class},
        property = "sink=engine")
@Designate(ocd = StatsEngine.Config.class)
public class StatsEngine implements EventSink, StatisticsService, SwitchboardClock {

    @ObjectClassDefinition(name = "Switchboard statistics engine")
    public @interface Config {
        @AttributeDefinition(description = "wall: the wall clock; event: the largest event timestamp seen")
        String clock() default "wall";

        @AttributeDefinition(description = "How long finished actions are kept (ISO-8601 duration)")
        String history() default "P1D";

        @AttributeDefinition(description = "How often the statistic pool is backed up (ISO-8601 duration)")
        String autoBackupInterval() default "PT1M";

        @AttributeDefinition(description = "The pool's backup file; relative paths are resolved against karaf.data")
        String backupFile() default "stat-pool.bin";

        @AttributeDefinition(description = "A pooled statistic nobody asked for this long is dropped (ISO-8601)")
        String obsoleteAfter() default "P3D";

        @AttributeDefinition(description = "Stat types ({\"statTypes\": [...]}) seeding a cluster that has none; "
                + "relative to karaf.etc")
        String statTypesFile() default "switchboard-stattypes.json";

        @AttributeDefinition(description = "Named time profiles ({\"timeProfiles\": {name: profile}}) seeding a "
                + "cluster that has none; relative to karaf.etc")
        String timeProfilesFile() default "switchboard-timeprofiles.json";
    }

    private static final Logger LOG = LoggerFactory.getLogger(StatsEngine.class);

    private EngineClock clock;
    /** The cluster's event clock, under clock = event only. */
    private ClusterClock clusterClock;
    private GridEngine engine;
    private StatRegistry registry;
    /** The read side: checks, peeks and the notifier's evaluations. */
    private StatQueries queries;
    private Notifier notifier;
    private StatPool pool;
    /** The backup file: written on a schedule and after definitions change, read at start. */
    private EngineBackups backups;
    private Thread notifierThread;
    /** Applies share it; a backup takes it alone, so the state it writes matches its positions. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock applyLock =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Per source, the last seq applied by this node's engine (restored ones included). */
    private final Map<String, Long> appliedPositions = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder eventsApplied = new java.util.concurrent.atomic.LongAdder();
    private final RateMeter meter = new RateMeter(60);
    private final RateMeter notificationMeter = new RateMeter(60);
    /** Notifications sent since start: the counter Prometheus derives its own rates from. */
    private final java.util.concurrent.atomic.LongAdder notificationsSent = new java.util.concurrent.atomic.LongAdder();
    /** Clients streaming each pooled statistic on this node. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> clients =
            new java.util.concurrent.ConcurrentHashMap<>();
    private ITopic<io.switchboard.engine.internal.grid.Touched> touchedTopic;
    private UUID touchedListener;
    private UUID configListener;

    static final String TOUCHED_TOPIC = "sb.touched";
    /** How often notifications are served. */
    static final long TICK_MILLIS = 100;

    @Reference
    private HazelcastInstance hazelcast;

    /** Our codecs must be known to the grid before the first map operation. */
    @Reference
    private EngineCodecs codecs;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPlugin(CategoryPlugin plugin) {
        PluginCategories.add(plugin);
        publishPlugins();
        LOG.info("Category plug-in Java:{} available", plugin.name());
    }

    void removePlugin(CategoryPlugin plugin) {
        PluginCategories.remove(plugin);
        publishPlugins();
        LOG.info("Category plug-in Java:{} gone: its statistics are null until it is back", plugin.name());
    }

    /** Which members have which plug-ins (null before activation: plug-ins bound first are published then). */
    private volatile ClusterPlugins clusterPlugins;

    private void publishPlugins() {
        ClusterPlugins c = clusterPlugins;
        if (c != null && hazelcast.getLifecycleService().isRunning()) {
            c.publish(PluginCategories.names());
        }
    }

    @Activate
    void activate(Config config) {
        EngineClock.Mode mode = parseClock(config.clock());
        if (mode == EngineClock.Mode.event) {
            // one clock for the cluster: a node that got no events still reads the others' time
            clusterClock = new ClusterClock(hazelcast);
            clock = new EngineClock(mode, System::currentTimeMillis, clusterClock, clusterClock::advance);
        } else {
            clock = new EngineClock(mode, System::currentTimeMillis);
        }
        registry = new StatRegistry(hazelcast, StatRegistry::checkProfile);
        clusterPlugins = new ClusterPlugins(hazelcast);
        publishPlugins();
        Path etc = Paths.get(System.getProperty("karaf.etc", "etc"));
        try {
            if (registry.seedIfEmpty(RegistrySeeds.statTypes(etc.resolve(config.statTypesFile())),
                    RegistrySeeds.timeProfiles(etc.resolve(config.timeProfilesFile())))) {
                LOG.info("Seeded {} stat types and {} time profiles from {}", registry.statTypes().size(),
                        registry.timeProfiles().size(), etc);
            }
        } catch (IOException | RuntimeException e) {
            // A broken seed leaves the registry empty but the engine running: PUTs still work.
            LOG.error("Stat type / time profile seed in {} rejected: {}", etc, e.getMessage());
        }
        // Finished actions are kept for 'history' plus the longest sliding window in use.
        long historyMillis = parseHistory(config.history()) + registry.longestWindowMillis();
        ConfigStore objectsConfig = new ConfigStore(hazelcast);
        engine = new GridEngine(hazelcast, objectsConfig, historyMillis);
        queries = new StatQueries(engine, registry, clock, clusterPlugins);
        notifier = new Notifier(queries, clock::now, g -> objectsConfig.members(g.tenant(), g.type().name(), g.id()));
        pool = new StatPool(hazelcast);
        Path backupFile = Paths.get(System.getProperty("karaf.data", "data")).resolve(config.backupFile());
        backups = new EngineBackups(hazelcast, applyLock, appliedPositions, clock, pool, engine,
                new io.switchboard.engine.internal.pool.Obsolescence(pool, StatsEngine::usageNow,
                        parseHistory(config.obsoleteAfter())), backupFile);
        if (pool.isEmpty() && engine.objectCount() == 0 && Files.isRegularFile(backupFile)) {
            // A fresh cluster: what was running comes back from the backup; the bus replays the
            // journal from the backup's positions on.
            try {
                long started = System.nanoTime();
                String what = restore(backupFile);
                LOG.info("Restored {} from {} in {} ms", what, backupFile, (System.nanoTime() - started) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                LOG.error("Backup {} not restored: {}", backupFile, e.getMessage());
            }
        }
        touchedTopic = hazelcast.getTopic(TOUCHED_TOPIC);
        touchedListener = touchedTopic.addMessageListener(m -> notifier.touched(m.getMessageObject().changes(),
                m.getMessageObject().latest()));
        configListener = hazelcast.<String, Object>getMap(ConfigStore.MAP).addEntryListener(new ConfigChanges(), true);
        for (ConfigObject o : objectsConfig.list(null)) {
            if ("Tenant".equals(o.type())) {
                applyPriority(o);
            }
        }
        notifierThread = new Thread(() -> notifier.run(TICK_MILLIS), "switchboard-notifier");
        notifierThread.setDaemon(true);
        notifierThread.start();
        backups.start(Math.max(1000, parseHistory(config.autoBackupInterval())));
        LOG.info("Statistics engine started (clock {}), {} objects in the grid", clock.mode(), engine.objectCount());
    }

    private static long parseHistory(String text) {
        try {
            return java.time.Duration.parse(text.trim()).toMillis();
        } catch (RuntimeException e) {
            LOG.error("io.switchboard.stats: history '{}' is no ISO-8601 duration; using P1D", text);
            return java.time.Duration.ofDays(1).toMillis();
        }
    }

    private static EngineClock.Mode parseClock(String text) {
        try {
            return EngineClock.Mode.valueOf(text.trim());
        } catch (IllegalArgumentException e) {
            LOG.error("io.switchboard.stats: clock '{}' is neither 'wall' nor 'event'; using wall", text);
            return EngineClock.Mode.wall;
        }
    }

    @Deactivate
    void deactivate(BundleContext context) throws InterruptedException {
        notifierThread.interrupt();
        notifierThread.join(5000);
        backups.stop();
        if (hazelcast.getLifecycleService().isRunning()) {
            backups.auto();
        }
        if (clusterClock != null) {
            clusterClock.close();
            clusterClock = null;
        }
        if (hazelcast.getLifecycleService().isRunning()) {
            pool.close();
            clusterPlugins.withdraw();
            registry.close();
            touchedTopic.removeMessageListener(touchedListener);
            hazelcast.getMap(ConfigStore.MAP).removeEntryListener(configListener);
        }
        // Our classes may be going away (bundle update): leave the state as bytes for the next
        // engine. Not when the whole framework stops; the JVM goes and the other members keep theirs.
        boolean frameworkStopping = context.getBundle(0).getState() == Bundle.STOPPING;
        if (!frameworkStopping && hazelcast.getLifecycleService().isRunning()) {
            try {
                engine.detach();
            } catch (RuntimeException e) {
                LOG.warn("Could not detach engine state from this engine's classes: {}", e.getMessage());
            }
        }
        engine = null;
    }

    @Override
    public void accept(List<CanonicalEvent> events) {
        io.switchboard.engine.internal.grid.Touched touched;
        applyLock.readLock().lock();
        try {
            long latest = Long.MIN_VALUE;
            for (CanonicalEvent e : events) {
                latest = Math.max(latest, e.ts());
            }
            touched = clock.applyThenObserve(latest, () -> engine.applyChanges(events));
            // a batch holds few sources: one update of the shared map per source, not per event
            Map<String, Long> last = new java.util.HashMap<>(4);
            for (CanonicalEvent e : events) {
                last.merge(e.source(), e.seq(), Math::max);
            }
            last.forEach((source, seq) -> appliedPositions.merge(source, seq, Math::max));
        } finally {
            applyLock.readLock().unlock();
        }
        eventsApplied.add(events.size());
        meter.mark(System.currentTimeMillis(), events.size());
        // every node's notifier learns what changed, wherever its subscribers are
        touchedTopic.publish(touched);
    }

    @Override
    public StatSubscription subscribe(StatRequest request, Notification notification, StatListener listener) {
        return subscribe(request, notification, listener, notification.mode() == Notification.Mode.changes);
    }

    private StatSubscription subscribe(StatRequest request, Notification notification, StatListener listener,
            boolean currentFirst) {
        // with the current value first, the notifier's evaluation of it says what a peek would
        // (a second evaluation here cost a grid operation, a tenant's a scan of every object)
        Map<String, Object> checkedProfile = currentFirst ? queries.check(request) : null;
        if (!currentFirst) {
            queries.peek(request);
        }
        TimeProfile profile = TimeProfile.parse(checkedProfile != null ? checkedProfile : queries.profileOf(request));
        try {
            return notifier.subscribe(request, notification, profile, (ref, v) -> {
                notificationMeter.mark(System.currentTimeMillis(), 1);
                notificationsSent.increment();
                listener.onValue(ref, v);
            }, currentFirst);
        } catch (IllegalArgumentException e) {
            throw SwitchboardException.badRequest(e.getMessage(), "notification.mode");
        }
    }

    /**
     * Any change of the configuration objects: group memberships may have moved, a tenant may
     * have its own status priority.
     */
    private final class ConfigChanges implements EntryAddedListener<String, Object>, EntryUpdatedListener<String, Object>,
            EntryRemovedListener<String, Object> {
        @Override
        public void entryAdded(EntryEvent<String, Object> event) {
            changed(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Object> event) {
            changed(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, Object> event) {
            changed(event.getOldValue());
        }

        private void changed(Object value) {
            if (value instanceof ConfigObject o && "Tenant".equals(o.type())) {
                applyPriority(o);
            }
            notifier.configChanged();
            backups.soon();
        }
    }

    private void applyPriority(ConfigObject tenant) {
        Object order = tenant.attributes().get("statusPriority");
        engine.setPriority(tenant.tenant(), order == null ? null : List.of(((String) order).split(",")));
    }

    @Override
    public Opened open(StatRequest request, Notification notification) {
        StatValue value = peek(request);
        StatQueries.checkNotification(queries.profileOf(request), notification);
        PooledStat entry = pool.open(request, notification, usageNow());
        return new Opened(entry.ref(), value);
    }

    /** Many opens at once: see {@link BatchOpen}. */
    @Override
    public List<OpenOutcome> openAll(List<StatRequest> requests, List<Notification> notifications) {
        return new BatchOpen(queries, registry, pool, clock).open(requests, notifications, usageNow());
    }

    /**
     * When clients used a pooled statistic is wall time whatever the engine's clock: with the
     * event clock, usage stamped in event time made a restarted instance with no events yet (whose
     * event clock falls back to the wall clock) drop the whole restored pool as unused for days.
     */
    private static long usageNow() {
        return System.currentTimeMillis();
    }

    @Override
    public Map<String, Long> snapshotPositions() {
        return backups.snapshotPositions();
    }

    /** Writes a backup file (the shell's backup); returns the number of statistics written. */
    public int backup(Path file) throws IOException {
        return backups.write(file);
    }

    /** Loads a backup file (at start, and the shell's restore); returns what was restored, in words. */
    public String restore(Path file) throws IOException {
        return backups.restore(file);
    }

    public long eventsApplied() {
        return eventsApplied.sum();
    }

    public double eventsPerSecond() {
        return meter.perSecond(System.currentTimeMillis());
    }

    public int subscriptions() {
        return notifier.size();
    }

    public Notifier.PassStats notifierPasses() {
        return notifier.passStats();
    }

    public Path backupFile() {
        return backups.file();
    }

    public long lastBackupAt() {
        return backups.lastBackupAt();
    }

    /** The pool, for the shell. */
    public java.util.Collection<PooledStat> pooled() {
        return pool.all();
    }

    @Override
    public StatValue peek(String ref) {
        PooledStat entry = pool.touch(ref, usageNow());
        if (entry == null) {
            throw SwitchboardException.notFound("no statistic with ref '" + ref + "'", "ref");
        }
        return peek(entry.request());
    }

    @Override
    public boolean close(String ref) {
        return pool.touch(ref, usageNow()) != null;
    }

    @Override
    public StatSubscription subscribe(String ref, StatListener listener) {
        PooledStat entry = pool.touch(ref, usageNow());
        if (entry == null) {
            throw SwitchboardException.notFound("no statistic with ref '" + ref + "'", "ref");
        }
        // a stream starts from the current value, whatever the mode: the notifier sends it, once
        StatSubscription s = subscribe(entry.request(), entry.notification(), (r, v) -> listener.onValue(ref, v),
                true);
        java.util.concurrent.atomic.AtomicInteger count = clients.computeIfAbsent(ref,
                k -> new java.util.concurrent.atomic.AtomicInteger());
        count.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        return new StatSubscription() {
            @Override
            public String ref() {
                return ref;
            }

            @Override
            public StatValue current() {
                return s.current();
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    count.decrementAndGet();
                }
                s.close();
            }
        };
    }

    /** Clients streaming the pooled statistic {@code ref} on this node. */
    public int clients(String ref) {
        java.util.concurrent.atomic.AtomicInteger n = clients.get(ref);
        return n == null ? 0 : n.get();
    }

    public long notificationsSent() {
        return notificationsSent.sum();
    }

    /** Notifications sent per second on this node over the last minute. */
    public double notificationsPerSecond() {
        return notificationMeter.perSecond(System.currentTimeMillis());
    }

    @Override
    public StatValue peek(StatRequest request) {
        return queries.peek(request);
    }

    @Override
    public ObjectState state(ObjectRef object) {
        return engine.state(object);
    }

    @Override
    public StatType statType(String name) {
        return registry.statType(name);
    }

    @Override
    public Collection<StatType> statTypes() {
        return registry.statTypes();
    }

    @Override
    public StatType putStatType(StatType type) {
        StatType put = registry.putStatType(type);
        backups.soon();
        return put;
    }

    @Override
    public TimeProfileDefinition timeProfile(String name) {
        return registry.timeProfile(name);
    }

    @Override
    public Collection<TimeProfileDefinition> timeProfiles() {
        return registry.timeProfiles();
    }

    @Override
    public TimeProfileDefinition putTimeProfile(TimeProfileDefinition profile) {
        TimeProfileDefinition put = registry.putTimeProfile(profile);
        backups.soon();
        return put;
    }

    @Override
    public long objectCount() {
        return engine.objectCount();
    }

    @Override
    public long now() {
        return clock.now();
    }

    @Override
    public void observe(long eventTs) {
        clock.observe(eventTs);
    }
}
