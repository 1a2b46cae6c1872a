package io.switchboard.simulator.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventRules;
import io.switchboard.api.event.EventType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.Test;

public class SimulationTest {

    private static final Simulation.Settings SETTINGS = new Simulation.Settings("demo", "sim", 10,
            List.of("sales", "support"), 30, 60, 10, 60, 0.1, 7);
    private static final long START = 1_772_442_000_000L;

    @Test
    public void anHourOfTrafficIsValidOrderedAndRealistic() {
        Simulation sim = new Simulation(SETTINGS, START, 100);
        List<CanonicalEvent> events = sim.advanceTo(START + 3_600_000);
        assertTrue("events: " + events.size(), events.size() > 1000);
        long seq = 99;
        long ts = START;
        for (CanonicalEvent e : events) {
            assertNull(e.toString(), EventRules.check(e));
            assertEquals(++seq, e.seq());
            assertTrue("time runs forward", e.ts() >= ts);
            ts = e.ts();
        }
        Map<EventType, Long> counts = events.stream()
                .collect(Collectors.groupingBy(CanonicalEvent::type, Collectors.counting()));
        assertEquals(10L, (long) counts.get(EventType.AgentLogin));
        long queued = counts.get(EventType.CallQueued);
        long answered = counts.getOrDefault(EventType.CallEstablished, 0L);
        long abandoned = counts.getOrDefault(EventType.CallAbandoned, 0L);
        // about 30 calls a minute arrive; most are answered, some abandon
        assertTrue("queued " + queued, queued > 1500 && queued < 2100);
        assertTrue("answered " + answered, answered > 100);
        assertTrue("abandoned " + abandoned, abandoned > 0);
        assertTrue(counts.containsKey(EventType.CallHeld));
    }

    @Test
    public void sameSeedSameTrafficAndTimeOnlyMovesWhenAsked() {
        Function<Long, List<CanonicalEvent>> run = until -> new Simulation(SETTINGS, START, 1).advanceTo(until);
        assertEquals(run.apply(START + 600_000), run.apply(START + 600_000));
        Simulation sim = new Simulation(SETTINGS, START, 1);
        List<CanonicalEvent> first = sim.advanceTo(START + 300_000);
        List<CanonicalEvent> second = sim.advanceTo(START + 300_000);
        assertTrue(second.isEmpty());
        assertEquals(first.get(first.size() - 1).seq() + 1, sim.advanceTo(START + 600_000).get(0).seq());
    }

    @Test
    public void theQueuesOfACfgFileAreThreeQueuesNotOneNamedWithCommas() {
        assertEquals(List.of("sales", "support", "billing"),
                TrafficSimulator.queues(new String[] {"sales, support,billing"}));
        assertEquals(List.of("sales", "support"), TrafficSimulator.queues(new String[] {"sales", "support", ""}));
    }
}
