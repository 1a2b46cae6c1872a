package io.switchboard.engine.internal.core;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class EngineClockTest {

    private final AtomicLong wall = new AtomicLong(1_000_000);

    @Test
    public void wallClockIgnoresEvents() {
        EngineClock clock = new EngineClock(EngineClock.Mode.wall, wall::get);
        clock.observe(5_000_000);
        assertEquals(1_000_000, clock.now());
    }

    @Test
    public void eventClockIsTheLargestTimestampSeenAndNeverGoesBack() {
        EngineClock clock = new EngineClock(EngineClock.Mode.event, wall::get);
        assertEquals("before any event: wall time", 1_000_000, clock.now());
        clock.observe(200);
        clock.observe(900);
        clock.observe(400);
        assertEquals(900, clock.now());
    }

    @Test
    public void theEventClockMovesOnlyOnceTheEventsAreApplied() {
        EngineClock clock = new EngineClock(EngineClock.Mode.event, wall::get);
        clock.observe(100);
        long during = clock.applyThenObserve(300, clock::now);
        assertEquals("while the events are applied, the time is still the previous one", 100, during);
        assertEquals(300, clock.now());
    }
}
