package io.switchboard.bus.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.api.config.ConfigurationService;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.EventSink;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.event.SourceStats;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import io.switchboard.bus.internal.journal.Journal;
import io.switchboard.bus.internal.management.SourceView;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus of this node: a Camel context whose ingest route validates, de-duplicates and
 * hands events to the sinks (the statistics engine first of all).
 */
@Component(name = "io.switchboard.bus", immediate = true, service = EventIngestService.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EventBus.Config.class)
public class EventBus implements EventIngestService {

    @ObjectClassDefinition(name = "Switchboard event bus")
    public @interface Config {
        @AttributeDefinition(description = "Journal of accepted events; relative paths are resolved against "
                + "karaf.data; empty: no journal (nothing survives a restart of the whole cluster)")
        String journalDirectory() default "journal";

        @AttributeDefinition(description = "Force every appended batch to disk before it is acknowledged")
        boolean journalSync() default true;

        @AttributeDefinition(description = "Size of a journal segment file, in megabytes")
        int journalSegmentMegabytes() default 64;

        @AttributeDefinition(description = "Most bytes written and forced to disk by one group commit")
        int journalCommitKilobytes() default 4096;

        @AttributeDefinition(description = "Most events handed to the engine at once")
        int applyBatchEvents() default 4000;

        @AttributeDefinition(description = "Most events acknowledged but not yet applied; past it, sources wait")
        int applyQueueEvents() default 200000;

        @AttributeDefinition(description = "In a cluster of several members, acknowledge events once applied "
                + "(true: a node that dies loses no acknowledged event) or once in this node's journal (false: "
                + "faster; events acknowledged but not applied are lost with the node until it comes back)")
        boolean clusterAcksAfterApply() default true;

        @AttributeDefinition(description = "Hours an uninstalled event-logger sink's position keeps the journal "
                + "segments it has not read (installed again within them, it misses nothing)")
        int sinkPositionHoldsJournalHours() default 24;
    }

    static final String SOURCES_MAP = "sb.sources";

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();

    @Reference
    private HazelcastInstance hazelcast;

    /** The engine must be there before anything is accepted. */
    @Reference(target = "(sink=engine)")
    private EventSink engine;

    /** Strict tenants are judged against it. */
    @Reference
    private ConfigurationService configuration;

    private Journal journal;

    /** Source MBeans go to the platform's (Karaf's) MBean server when there is one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.STATIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private MBeanServer mbeans;

    private final java.util.Set<ObjectName> registered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private CamelContext camel;
    private ProducerTemplate producer;
    private java.util.concurrent.ScheduledExecutorService truncation;
    private IngestPipeline pipeline;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(sink=engine))")
    void addSink(EventSink sink) {
        sinks.add(sink);
    }

    void removeSink(EventSink sink) {
        sinks.remove(sink);
    }

    /** Event-logger sinks, each fed from the journal by a dispatcher of its own once the bus runs. */
    private final SinkDispatchers logSinks = new SinkDispatchers();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEventLogSink(io.switchboard.api.eventlog.EventLogSink sink) {
        logSinks.add(sink);
    }

    void removeEventLogSink(io.switchboard.api.eventlog.EventLogSink sink) {
        logSinks.remove(sink);
    }

    @Activate
    void activate(BundleContext bundleContext, Config config) throws Exception {
        IMap<String, Long> lastSeqs = hazelcast.getMap(SOURCES_MAP);
        SourceRegistry registry = new SourceRegistry(new SourceRegistry.SeqStore() {
            @Override
            public long get(String source) {
                Long v = lastSeqs.get(source);
                return v == null ? 0 : v;
            }

            @Override
            public void put(String source, long seq) {
                lastSeqs.set(source, seq);
            }

            @Override
            public java.util.Set<String> sources() {
                return lastSeqs.keySet();
            }
        });
        if (!config.journalDirectory().isBlank()) {
            Path dir = Paths.get(System.getProperty("karaf.data", "data")).resolve(config.journalDirectory());
            journal = new Journal(dir, config.journalSegmentMegabytes() * 1024L * 1024L, config.journalSync());
        }
        EventParser parser = new EventParser(new ObjectMapper());
        pipeline = new IngestPipeline(parser, registry, this::allSinks, () -> configuration, journal);
        if (config.clusterAcksAfterApply()) {
            pipeline.ackAfterApply(() -> hazelcast.getCluster().getMembers().size() > 1);
        }
        registry.onNewSource(this::registerSource);
        if (journal != null && lastSeqs.isEmpty() && !journal.isEmpty()) {
            // A fresh grid with a journal: the cluster restarted. Rebuild it from what was accepted.
            long started = System.nanoTime();
            long n = pipeline.replay(engine.snapshotPositions());
            LOG.info("Replayed {} journaled events in {} ms", n, (System.nanoTime() - started) / 1_000_000);
        } else if (journal != null && !journal.isEmpty() && hazelcast.getCluster().getMembers().size() > 1) {
            // Joining a running cluster (a node that died, or the second node of a whole-cluster
            // restart): what this journal holds beyond the cluster's position of each source was
            // never applied anywhere (acks wait for the apply in a cluster, or the node was the
            // only one), so it goes to the engine now; the rest is skipped, and the engine's
            // per-object marks make a race with the source's own resend harmless.
            long started = System.nanoTime();
            java.util.Map<String, Long> positions = new java.util.HashMap<>();
            for (String source : lastSeqs.keySet()) {
                positions.put(source, registry.lastSeq(source));
            }
            long n = pipeline.replay(positions);
            LOG.info("Joined a running cluster: replayed {} journaled events beyond its positions in {} ms", n,
                    (System.nanoTime() - started) / 1_000_000);
        } else if (lastSeqs.isEmpty()) {
            // A fresh grid without a journal to replay, loaded from a backup (perhaps another
            // instance's): its sources resume where the backup is, not from the start.
            engine.snapshotPositions().forEach(registry::advance);
        }
        pipeline.start(config.journalCommitKilobytes() * 1024, config.applyBatchEvents(), config.applyQueueEvents());
        if (journal != null) {
            Journal j = journal;
            truncation = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "switchboard-journal-truncation");
                t.setDaemon(true);
                return t;
            });
            // What the engine's latest snapshot holds need not be replayed: its segments can go,
            // unless an event-logger sink (installed, or uninstalled lately) has not read them yet.
            java.time.Duration absentHold = java.time.Duration.ofHours(config.sinkPositionHoldsJournalHours());
            truncation.scheduleWithFixedDelay(() -> {
                try {
                    int n = j.truncate(engine.snapshotPositions(), logSinks.neededSegment(absentHold),
                            line -> parser.parse(line).event());
                    if (n > 0) {
                        LOG.info("Dropped {} journal segments that the engine's snapshot holds", n);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Journal truncation failed: {}", e.getMessage());
                }
            }, 30, 30, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (journal != null) {
            // beside the journal, not in it: the positions outlive journal segments
            Path dir = Paths.get(System.getProperty("karaf.data", "data")).resolve(config.journalDirectory());
            logSinks.open(journal, line -> parser.parse(line).event(),
                    dir.resolveSibling(dir.getFileName() + "-sink-positions"));
        } else {
            LOG.info("Event-logger sinks get nothing: the bus has no journal (journalDirectory is empty)");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Camel finds its components and type converters through the merged bundle's loader.
        thread.setContextClassLoader(CamelContext.class.getClassLoader());
        try {
            DefaultCamelContext ctx = new DefaultCamelContext();
            ctx.getCamelContextExtension().setName("switchboard-bus");
            ctx.setApplicationContextClassLoader(getClass().getClassLoader());
            ctx.addRoutes(new IngestRoutes(pipeline));
            ctx.start();
            camel = ctx;
            producer = ctx.createProducerTemplate();

        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.info("Event bus started: Camel {} context '{}'", camel.getVersion(), camel.getName());
    }

    private List<EventSink> allSinks() {
        if (sinks.isEmpty()) {
            return List.of(engine);
        }
        List<EventSink> all = new java.util.ArrayList<>(sinks.size() + 1);
        all.add(engine);
        all.addAll(sinks);
        return all;
    }

    private void registerSource(String source) {
        if (mbeans == null) {
            return;
        }
        try {
            ObjectName name = new ObjectName("io.switchboard:type=Source,name=" + ObjectName.quote(source));
            if (!mbeans.isRegistered(name)) {
                mbeans.registerMBean(new SourceView(source, this), name);
                registered.add(name);
            }
        } catch (Exception e) {
            LOG.warn("No MBean for source {}: {}", source, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        for (ObjectName name : registered) {
            try {
                mbeans.unregisterMBean(name);
            } catch (Exception gone) {
                // already unregistered with the server
            }
        }
        registered.clear();
        if (producer != null) {
            producer.close();
        }
        if (camel != null) {
            camel.close();
        }
        if (truncation != null) {
            truncation.shutdownNow();
            truncation = null;
        }
        logSinks.close();
        // What was acknowledged is applied before the engine goes (and writes its snapshot).
        pipeline.stop();
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }

    @Override
    public IngestResult ingestLines(List<String> lines) {
        return send(IngestRoutes.LINES, lines, null);
    }

    @Override
    public IngestResult ingestLines(List<String> lines, String requiredSource) {
        return send(IngestRoutes.LINES, lines, requiredSource);
    }

    @Override
    public IngestResult ingestDurable(List<String> lines, String requiredSource) {
        try {
            Batch batch = producer.requestBodyAndHeaders(IngestRoutes.LINES, lines,
                    java.util.Map.of(IngestRoutes.REQUIRED_SOURCE, requiredSource, IngestRoutes.DURABLE_ONLY, true),
                    Batch.class);
            return batch.result();
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("ingest failed: " + cause.getMessage(), cause);
        }
    }

    @Override
    public IngestResult ingest(List<CanonicalEvent> events) {
        return send(IngestRoutes.EVENTS, events, null);
    }

    private IngestResult send(String endpoint, Object body, String requiredSource) {
        try {
            Batch batch = requiredSource == null ? producer.requestBody(endpoint, body, Batch.class)
                    : producer.requestBodyAndHeader(endpoint, body, IngestRoutes.REQUIRED_SOURCE, requiredSource,
                            Batch.class);
            return batch.result();
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("ingest failed: " + cause.getMessage(), cause);
        }
    }

    @Override
    public boolean awaitApplied(java.time.Duration timeout) {
        Committer c = committer();
        if (c == null) {
            return true;
        }
        try {
            return c.awaitApplied(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public long lastSeq(String source) {
        return pipeline.sources().lastSeq(source);
    }

    @Override
    public List<SourceStats> sources() {
        return pipeline.sources().stats();
    }

    @Override
    public long acceptedTotal() {
        return pipeline.sources().acceptedTotal.get();
    }

    @Override
    public long rejectedTotal() {
        return pipeline.sources().rejectedTotal.get();
    }

    @Override
    public long duplicatesTotal() {
        return pipeline.sources().duplicatesTotal.get();
    }

    /** The bus's Camel context, which {@link CamelContextPublisher} offers to the adapters. */
    CamelContext camel() {
        return camel;
    }

    /**
     * The journal and the applier behind it, for {@code switchboard:status}: commits, events
     * committed and applied, events waiting for the engine, and the write failure if any.
     */
    public Committer committer() {
        return pipeline == null ? null : pipeline.committer();
    }

    /** Whether the Camel context runs (for health). */
    public boolean started() {
        return camel != null && camel.isStarted();
    }
}
