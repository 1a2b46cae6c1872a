package io.switchboard.engine.internal.grid;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.core.EngineClock;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import io.switchboard.simulator.internal.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/** Under clock = event the cluster has one clock: the largest event time any member has seen. */
public class ClusterClockTest {

    /** 2026-03-02 09:00 UTC: a replay of a past day, while the wall clock reads days later. */
    private static final long START = 1_772_442_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final long WALL = START + 3 * 24 * HOUR;
    private static final Map<String, Object> DAY = Map.of("type", "growing", "reset", List.of("00:00"));

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<ClusterClock> clocks = new ArrayList<>();

    @After
    public void shutdown() {
        clocks.forEach(ClusterClock::close);
        for (HazelcastInstance hz : members) {
            hz.getLifecycleService().terminate();
        }
    }

    private HazelcastInstance member(int port, List<String> all) {
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        GridSettings s = new GridSettings("clock-16831", null, "127.0.0.1", port, 1, all, 1, 71);
        HazelcastInstance hz = GridConfigFactory.start(GridConfigFactory.config(s, getClass().getClassLoader(), codecs));
        members.add(hz);
        return hz;
    }

    private EngineClock eventClock(HazelcastInstance hz) {
        ClusterClock c = new ClusterClock(hz);
        clocks.add(c);
        return new EngineClock(EngineClock.Mode.event, () -> WALL, c, c::advance);
    }

    @Test
    public void aMemberThatGotNoEventsReadsTheClusterClockAndAnswersTheSameDayStatistic() {
        List<String> all = List.of("127.0.0.1:16831", "127.0.0.1:16832");
        HazelcastInstance a = member(16831, all);
        HazelcastInstance b = member(16832, all);
        assertEquals(2, a.getCluster().getMembers().size());
        EngineClock clockA = eventClock(a);
        EngineClock clockB = eventClock(b);
        GridEngine engineA = new GridEngine(a, new ConfigStore(a), 86_400_000L);
        GridEngine engineB = new GridEngine(b, new ConfigStore(b), 86_400_000L);

        Simulation sim = new Simulation(new Simulation.Settings("acme", "pbx", 6, List.of("sales"), 20, 90, 15, 60,
                0.1, 11), START, 1);
        List<CanonicalEvent> events = sim.advanceTo(START + 2 * HOUR);
        assertTrue(events.size() > 500);
        // every event goes to member A only, in batches as the bus hands them over
        for (int i = 0; i < events.size(); i += 100) {
            List<CanonicalEvent> batch = events.subList(i, Math.min(events.size(), i + 100));
            long latest = batch.stream().mapToLong(CanonicalEvent::ts).max().getAsLong();
            clockA.applyThenObserve(latest, () -> engineA.apply(batch));
        }
        long latest = events.stream().mapToLong(CanonicalEvent::ts).max().getAsLong();
        assertEquals(latest, clockA.now());

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (clockB.now() != latest && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("member B reads the cluster's clock, not its wall clock", latest, clockB.now());

        ObjectRef queue = new ObjectRef("acme", ObjectType.Queue, "sales");
        StatType answered = new StatType("answered", List.of(), "TotalNumber", StatType.Subject.Action,
                List.of("CallAnswered"), List.of(), null, null);
        Object onA = engineA.evaluate(queue, answered, DAY, null, clockA.now(), n -> null).value();
        Object onB = engineB.evaluate(queue, answered, DAY, null, clockB.now(), n -> null).value();
        assertNotEquals("calls were answered that day", 0L, ((Number) onA).longValue());
        assertEquals("a day statistic peeked on B equals A's", onA, onB);
    }

    @Test
    public void theClusterClockNeverMovesBack() {
        HazelcastInstance a = member(16833, List.of("127.0.0.1:16833"));
        EngineClock clock = eventClock(a);
        assertEquals("before any event: the wall clock", WALL, clock.now());
        clock.observe(START + HOUR);
        clock.observe(START);
        assertEquals(START + HOUR, clock.now());
        // a node joining later starts from the cluster's time
        EngineClock joined = eventClock(a);
        assertEquals(START + HOUR, joined.now());
    }
}
