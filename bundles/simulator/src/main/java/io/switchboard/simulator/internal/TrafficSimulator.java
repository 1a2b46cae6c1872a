package io.switchboard.simulator.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.time.SwitchboardClock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulated contact center in real time and feeds its events through the same ingest
 * service as every transport. Needs its configuration file to run (nothing is simulated on a
 * production node by accident).
 */
@Component(name = "io.switchboard.simulator", configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = SimulatorStatus.class)
@Designate(ocd = TrafficSimulator.Config.class)
public class TrafficSimulator implements SimulatorStatus {

    @ObjectClassDefinition(name = "Switchboard traffic simulator")
    public @interface Config {
        @AttributeDefinition(description = "Set to false to keep the simulator installed but idle")
        boolean enabled() default true;

        String tenant() default "demo";

        @AttributeDefinition(description = "Source id of the simulated feed")
        String source() default "simulator";

        int agents() default 20;

        String[] queues() default {"sales", "support", "billing"};

        @AttributeDefinition(description = "Calls arriving per minute, over all queues")
        double callsPerMinute() default 12;

        double talkSeconds() default 120;

        double acwSeconds() default 20;

        @AttributeDefinition(description = "Mean time a caller waits before abandoning")
        double patienceSeconds() default 90;

        @AttributeDefinition(description = "Chance that an agent takes a break after a call")
        double breakProbability() default 0.05;

        long seed() default 42;

        @AttributeDefinition(description = "How often events are fed, in milliseconds")
        long tickMillis() default 250;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TrafficSimulator.class);

    @Reference
    private EventIngestService ingest;

    /**
     * The engine, when it runs on the event clock (its configuration property {@code clock=event}
     * is a service property). Simulated traffic is stamped with wall time and would carry that
     * clock to now: a replay of another day would be read at today's time.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY,
            target = "(clock=event)")
    private SwitchboardClock eventClock;

    private ScheduledExecutorService timer;
    private Simulation simulation;
    private volatile String idleReason = "not started";
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

    @Activate
    void activate(Config config) {
        if (!config.enabled()) {
            idleReason = "disabled (enabled = false)";
            LOG.info("Traffic simulator is configured but disabled");
            return;
        }
        if (eventClock != null) {
            idleReason = "off: the engine runs on the event clock";
            LOG.info("Traffic simulator off: the engine runs on the event clock (clock = event in "
                    + "io.switchboard.stats), which wall-clock traffic would carry to now");
            return;
        }
        Simulation.Settings settings = new Simulation.Settings(config.tenant(), config.source(), config.agents(),
                queues(config.queues()), config.callsPerMinute(), config.talkSeconds(),
                config.acwSeconds(), config.patienceSeconds(), config.breakProbability(), config.seed());
        // Continue the source's seq where a previous run stopped, so nothing is taken for a duplicate.
        simulation = new Simulation(settings, System.currentTimeMillis(), ingest.lastSeq(config.source()) + 1);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-simulator");
            t.setDaemon(true);
            return t;
        });
        idleReason = null;
        timer.scheduleWithFixedDelay(this::tick, 0, Math.max(10, config.tickMillis()), TimeUnit.MILLISECONDS);
        LOG.info("Traffic simulator feeds tenant '{}' as source '{}': {} agents, queues {}, {} calls/min",
                config.tenant(), config.source(), config.agents(), settings.queues(), config.callsPerMinute());
    }

    private void tick() {
        try {
            List<CanonicalEvent> events = simulation.advanceTo(System.currentTimeMillis());
            if (!events.isEmpty()) {
                IngestResult r = ingest.ingest(events);
                sent.addAndGet(events.size());
                if (!r.rejected().isEmpty()) {
                    LOG.warn("simulator events rejected: {}", r.rejected());
                }
            }
        } catch (RuntimeException e) {
            // A failing tick must not end the schedule.
            LOG.warn("simulator tick failed: {}", e.getMessage());
        }
    }

    @Override
    public String idleReason() {
        return idleReason;
    }

    @Override
    public long eventsSent() {
        return sent.get();
    }

    /** A .cfg file gives "sales,support,billing" as one value: the names are split at the commas. */
    static List<String> queues(String[] values) {
        return Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(q -> !q.isEmpty()).toList();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        idleReason = "stopped";
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
