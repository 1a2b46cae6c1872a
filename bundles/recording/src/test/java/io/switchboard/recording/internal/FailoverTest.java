package io.switchboard.recording.internal;

import static io.switchboard.api.event.EventType.CallEstablished;
import static io.switchboard.api.event.EventType.CallReleased;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FailoverTest {

    private static final int CALLS = 10;
    private static final long HEALTH_MILLIS = 50;
    private static final long CHUNK_MILLIS = 100;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private Fixture f;

    @After
    public void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private List<Recording> recordings() {
        return f.control.find(new RecordingQuery("acme", null, null, null, null));
    }

    private void establishTen() throws InterruptedException {
        f.control.putRules("acme", Fixture.all(false));
        for (int i = 0; i < CALLS; i++) {
            f.send(CallEstablished, "call-" + i, "20" + i, "a" + i);
        }
        assertEquals(CALLS, recordings().size());
        Fixture.await("every call has a chunk in the store", Duration.ofSeconds(10),
                () -> recordings().stream().allMatch(r -> r.lastSegment().chunks() >= 2));
    }

    private void releaseAll() {
        for (int i = 0; i < CALLS; i++) {
            f.send(CallReleased, "call-" + i, "20" + i, "a" + i);
        }
    }

    /**
     * Every moment of the call is in some segment, except each segment's stated gap: frames run
     * 20 ms apart inside a segment, and the time between two segments is the gap (± a frame).
     */
    private void assertCoveredExceptTheGaps(Recording r) {
        long[] previous = null;
        for (Segment s : r.segments()) {
            long[] t = SyntheticAudio.times(Playback.decrypt(s, f.store, f.vault), SyntheticAudio.FRAME_MILLIS);
            assertTrue(r.id() + " segment " + s.index() + " is empty", t.length > 0);
            for (int i = 1; i < t.length; i++) {
                assertEquals(r.id() + " segment " + s.index() + " frame " + i, t[i - 1] + 20, t[i]);
            }
            if (previous == null) {
                assertEquals(r.id() + " first frame", s.start(), t[0]);
            } else {
                long unrecorded = t[0] - (previous[previous.length - 1] + 20);
                assertTrue(r.id() + ": unrecorded " + unrecorded + " ms, stated gap " + s.gapMillis() + " ms",
                        Math.abs(unrecorded - s.gapMillis()) <= 40);
            }
            previous = t;
        }
        assertTrue(r.end() - (previous[previous.length - 1] + 20) <= 40);
    }

    @Test
    public void aMediaServerKilledUnderTenCallsHandsEachCallToAnotherWithTheGapStated() throws Exception {
        f = new Fixture(tmp.getRoot().toPath(), 3, 100, CHUNK_MILLIS, new LocalState());
        f.control.start(HEALTH_MILLIS);
        establishTen();
        String victim = recordings().get(0).mediaServer();
        List<String> hit = recordings().stream().filter(r -> victim.equals(r.mediaServer())).map(Recording::id).toList();
        assertTrue(hit.size() >= 3);

        long killedAt = System.currentTimeMillis();
        f.server(victim).kill();
        Fixture.await("every call of " + victim + " on another media server", Duration.ofSeconds(10),
                () -> recordings().stream().noneMatch(r -> victim.equals(r.mediaServer())));
        long movedIn = System.currentTimeMillis() - killedAt;
        Fixture.await("the new segments have chunks", Duration.ofSeconds(10),
                () -> recordings().stream().allMatch(r -> r.lastSegment().chunks() >= 2));
        releaseAll();

        LongSummaryStatistics gaps = new LongSummaryStatistics();
        for (Recording r : recordings()) {
            assertEquals(Recording.DONE, r.state());
            if (hit.contains(r.id())) {
                assertEquals(2, r.segments().size());
                Segment dead = r.segments().get(0);
                Segment next = r.segments().get(1);
                assertEquals(victim, dead.mediaServer());
                assertNotEquals(victim, next.mediaServer());
                assertTrue(!dead.complete() && next.complete());
                assertTrue("gap " + next.gapMillis(), next.gapMillis() > 0
                        && next.gapMillis() < CHUNK_MILLIS + HEALTH_MILLIS + 1000);
                gaps.accept(next.gapMillis());
            } else {
                assertEquals(1, r.segments().size());
            }
            assertCoveredExceptTheGaps(r);
            byte[] wav = f.control.audio(r.id());
            assertEquals((r.end() - r.start()) * 16, wav.length - 44);
        }
        System.out.printf("FIGURE media-server failover under %d calls: %d calls moved in %d ms; gap min %d / avg %.0f"
                + " / max %d ms (chunks of %d ms, health round every %d ms)%n", CALLS, hit.size(), movedIn,
                gaps.getMin(), gaps.getAverage(), gaps.getMax(), CHUNK_MILLIS, HEALTH_MILLIS);
        assertEquals(hit.size(), f.control.failovers());
    }

    @Test
    public void aResourceManagerKilledLosesNoSessionTheOtherCarriesOn() throws Exception {
        // one shared state as the grid gives it; the two managers of the fixture share it
        f = new Fixture(tmp.getRoot().toPath(), 3, 100, CHUNK_MILLIS, new LocalState());
        f.control.start(HEALTH_MILLIS);
        establishTen();
        List<Recording> before = recordings();
        long ofFirst = before.stream().filter(r -> "rm-1".equals(r.manager())).count();
        assertTrue("rm-1 owns " + ofFirst, ofFirst > 0 && ofFirst < CALLS);

        long killedAt = System.currentTimeMillis();
        f.control.manager("rm-1").kill();
        Fixture.await("rm-2 owns every recording", Duration.ofSeconds(10),
                () -> recordings().stream().allMatch(r -> "rm-2".equals(r.manager())));
        long tookOver = System.currentTimeMillis() - killedAt;

        // a media server failure after the manager's death: the survivor moves the adopted calls too
        String victim = before.stream().filter(r -> "rm-1".equals(r.manager())).findFirst().get().mediaServer();
        f.server(victim).kill();
        Fixture.await("no call left on " + victim, Duration.ofSeconds(10),
                () -> recordings().stream().noneMatch(r -> victim.equals(r.mediaServer())));
        Fixture.await("the new segments have chunks", Duration.ofSeconds(10),
                () -> recordings().stream().allMatch(r -> r.lastSegment().chunks() >= 1));
        releaseAll();
        for (Recording r : recordings()) {
            assertEquals(r.id(), Recording.DONE, r.state());
            assertTrue(r.lastSegment().complete());
            assertCoveredExceptTheGaps(r);
        }
        assertTrue(f.control.state().active().isEmpty());
        System.out.printf("FIGURE resource-manager failover: %d of %d recordings taken over by rm-2 in %d ms"
                + " (heartbeat timeout 400 ms)%n", ofFirst, CALLS, tookOver);
    }

    @Test
    public void aCallEstablishedWhileNoMediaServerRunsIsRecordedFromTheFirstOneThatComesWithTheWaitAsItsGap()
            throws Exception {
        f = new Fixture(tmp.getRoot().toPath(), 1, 10, CHUNK_MILLIS, new LocalState());
        f.control.putRules("acme", Fixture.all(false));
        f.server("ms1").kill();
        f.send(CallEstablished, "early", "201", "a1");
        f.send(CallEstablished, "never", "202", "a2");
        Recording waiting = recordings().stream().filter(r -> r.call().equals("early")).findFirst().orElseThrow();
        assertEquals(Recording.RECORDING, waiting.state());
        assertTrue(waiting.segments().isEmpty());
        assertEquals(2, f.control.unrecorded());
        assertEquals(0, f.control.healthRound());
        // a call that ends before any media server came: done, nothing recorded, all of it silence
        f.send(CallReleased, "never", "202", "a2");
        Recording never = recordings().stream().filter(r -> r.call().equals("never")).findFirst().orElseThrow();
        assertEquals(Recording.DONE, never.state());
        assertTrue(never.segments().isEmpty());
        assertEquals(44 + (never.end() - never.start()) * 16, f.control.audio(never.id()).length);

        java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        MediaServer late = new MediaServer("ms9", null, 10, CHUNK_MILLIS, java.time.Clock.systemUTC());
        late.start();
        f.pool.add(late);
        f.servers.add(late);
        f.control.healthRound();
        Recording r = recordings().stream().filter(x -> x.call().equals("early")).findFirst().orElseThrow();
        assertEquals(1, r.segments().size());
        Segment first = r.segments().get(0);
        assertEquals("ms9", first.mediaServer());
        assertTrue("gap " + first.gapMillis(), first.gapMillis() >= 200);
        assertEquals(0, f.control.failovers());
        Fixture.await("a chunk from ms9", Duration.ofSeconds(10),
                () -> recordings().stream().filter(x -> x.call().equals("early")).findFirst().orElseThrow()
                        .lastSegment().chunks() >= 1);
        f.send(CallReleased, "early", "201", "a1");
        r = recordings().stream().filter(x -> x.call().equals("early")).findFirst().orElseThrow();
        assertTrue(r.lastSegment().complete());
        assertEquals(first.gapMillis(), r.gapMillis());
        assertEquals(44 + (r.end() - r.start()) * 16, f.control.audio(r.id()).length);
    }
}
