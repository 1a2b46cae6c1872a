package io.switchboard.recording.internal;

import static io.switchboard.api.event.EventType.CallEstablished;
import static io.switchboard.api.event.EventType.CallHeld;
import static io.switchboard.api.event.EventType.CallQueued;
import static io.switchboard.api.event.EventType.CallReleased;
import static io.switchboard.api.event.EventType.CallRetrieved;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingProfile;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.RecordingRules;
import io.switchboard.api.recording.Segment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RecordingLifecycleTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private Fixture f;

    @Before
    public void setUp() throws Exception {
        f = new Fixture(tmp.getRoot().toPath(), 2, 1000, 100, new LocalState());
    }

    @After
    public void tearDown() {
        f.close();
    }

    private Recording only(String call) {
        List<Recording> found = f.control.find(new RecordingQuery("acme", call, null, null, null));
        assertEquals("recordings of " + call, 1, found.size());
        return found.get(0);
    }

    private long framesOf(String call) {
        Recording r = only(call);
        return r.segments().stream().mapToLong(Segment::chunks).sum();
    }

    @Test
    public void aSelectedCallIsRecordedFromEstablishedToReleasedAndPlaysBack() throws Exception {
        f.control.putRules("acme", new RecordingRules(List.of("sales"), List.of(), 100, RecordingProfile.DEFAULT));
        f.send(CallQueued, "c1", null, null);
        f.send(CallEstablished, "c1", "201", "a1");
        Recording r = only("c1");
        assertEquals(Recording.RECORDING, r.state());
        assertEquals("sales", r.queue());
        assertEquals("a1", r.agent());
        Fixture.await("two chunks of c1", Duration.ofSeconds(10), () -> framesOf("c1") >= 2);
        f.send(CallReleased, "c1", "201", "a1");

        r = only("c1");
        assertEquals(Recording.DONE, r.state());
        assertNotNull(r.end());
        assertEquals(1, r.segments().size());
        Segment s = r.segments().get(0);
        assertTrue(s.complete());
        assertTrue(f.store.exists(s.file()));
        // one segment, no failover: any gap is only the first frame's scheduling on a busy machine
        assertTrue("gap " + s.gapMillis() + " ms", s.gapMillis() < 2_000);

        byte[] wav = f.control.audio(r.id());
        assertEquals("RIFF", new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        long expectedSamples = (r.end() - r.start()) * 8;
        assertEquals(expectedSamples * 2, wav.length - 44);
        // the tone is there, not silence
        assertTrue(energy(wav, 0, (int) (s.end() - r.start()) - 20) > 1000);
        assertNull(f.control.get("rec-unknown"));
    }

    @Test
    public void callsOutsideTheRulesAreNotRecorded() throws Exception {
        f.control.putRules("acme", new RecordingRules(List.of("support"), List.of("a9"), 100, RecordingProfile.DEFAULT));
        f.send(CallQueued, "c2", null, null);
        f.send(CallEstablished, "c2", "201", "a1");
        f.send(CallReleased, "c2", "201", "a1");
        assertTrue(f.control.find(new RecordingQuery("acme", null, null, null, null)).isEmpty());

        f.send(CallEstablished, "c3", "209", "a9");
        assertEquals(1, f.control.find(new RecordingQuery(null, null, "a9", null, null)).size());

        // percentage 0: nothing; no rules for a tenant: nothing
        f.control.putRules("acme", new RecordingRules(List.of(), List.of(), 0, RecordingProfile.DEFAULT));
        f.send(CallEstablished, "c4", "201", "a1");
        assertTrue(f.control.find(new RecordingQuery(null, "c4", null, null, null)).isEmpty());
        f.control.accept(List.of(CanonicalEvent.builder(CallEstablished).ts(1).source("t").seq(1).tenant("other")
                .call("c5").dn("1").build()));
        assertTrue(f.control.find(new RecordingQuery("other", null, null, null, null)).isEmpty());
    }

    @Test
    public void aPercentageRecordsAboutThatShareOfCallsAndTheSameOnesEveryTime() {
        RecordingRules half = new RecordingRules(List.of(), List.of(), 30, RecordingProfile.DEFAULT);
        int chosen = 0;
        for (int i = 0; i < 10000; i++) {
            boolean a = half.selects("acme", "call-" + i, null, null);
            assertEquals(a, half.selects("acme", "call-" + i, null, null));
            chosen += a ? 1 : 0;
        }
        assertTrue("chosen " + chosen, chosen > 2700 && chosen < 3300);
    }

    @Test
    public void holdPausesWhenTheProfileSaysSoAndTheRecordingGoesOnAfterRetrieve() throws Exception {
        f.control.putRules("acme", Fixture.all(true));
        f.send(CallEstablished, "c6", "201", "a1");
        Fixture.await("a chunk", Duration.ofSeconds(10), () -> framesOf("c6") >= 1);
        f.send(CallHeld, "c6", "201", "a1");
        assertEquals(Recording.PAUSED, only("c6").state());
        long heldAt = System.currentTimeMillis();
        Fixture.await("300 ms on hold", Duration.ofSeconds(5), () -> System.currentTimeMillis() - heldAt >= 300);
        f.send(CallRetrieved, "c6", "201", "a1");
        long retrievedAt = System.currentTimeMillis();
        assertEquals(Recording.RECORDING, only("c6").state());
        long chunks = framesOf("c6");
        Fixture.await("three chunks after retrieve", Duration.ofSeconds(10), () -> framesOf("c6") > chunks + 2);
        f.send(CallReleased, "c6", "201", "a1");
        Recording r = only("c6");
        byte[] wav = f.control.audio(r.id());
        int heldFrom = (int) (heldAt - r.start()) + 40;
        int heldTo = (int) (retrievedAt - r.start()) - 40;
        assertEquals("silence while paused", 0, energy(wav, heldFrom, heldTo));
        assertTrue("tone after retrieve", energy(wav, heldTo + 80, (int) (r.end() - r.start()) - 20) > 0);
    }

    @Test
    public void aTransferredCallStaysOneRecordingUntilItsLastDnReleases() throws Exception {
        f.control.putRules("acme", Fixture.all(false));
        f.send(CallEstablished, "c7", "201", "a1");
        f.send(CallEstablished, "c7", "202", "a2");
        f.send(CallReleased, "c7", "201", "a1");
        assertEquals(Recording.RECORDING, only("c7").state());
        f.send(CallReleased, "c7", "202", "a2");
        assertEquals(Recording.DONE, only("c7").state());
    }

    @Test
    public void repeatedEventsChangeNothing() throws Exception {
        f.control.putRules("acme", Fixture.all(false));
        CanonicalEvent est = f.event(CallEstablished, "c8", "201", "a1");
        CanonicalEvent rel = f.event(CallReleased, "c8", "201", "a1");
        f.control.accept(List.of(est, est));
        Fixture.await("a chunk", Duration.ofSeconds(10), () -> framesOf("c8") >= 1);
        f.control.accept(List.of(rel));
        f.control.accept(List.of(est, rel));
        // a redelivered pair (the bus delivers at least once) is known by (source, seq) and skipped
        assertEquals(1, f.control.find(new RecordingQuery(null, "c8", null, null, null)).size());
    }

    @Test
    public void recordingsStartedPerSecond() throws Exception {
        f.control.putRules("acme", Fixture.all(false));
        // each call starts (file, key, wrap, media server) and stops (final chunk) at once: the rate of the control plane
        int n = 1000;
        List<CanonicalEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(f.event(CallEstablished, "r" + i, "d" + i, "a" + i));
            events.add(f.event(CallReleased, "r" + i, "d" + i, "a" + i));
        }
        long t0 = System.nanoTime();
        f.control.accept(events);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(n, f.control.started());
        System.out.printf("FIGURE recordings started and stopped: %d in %.2f s = %.0f/s (2048-bit tenant key)%n",
                n, seconds, n / seconds);
        assertEquals(n, f.control.find(new RecordingQuery("acme", null, null, null, null)).stream()
                .filter(r -> Recording.DONE.equals(r.state()) && r.segments().get(0).complete()).count());

        // and a burst of calls that stay up: 200 started while earlier ones record
        int burst = 200;
        List<CanonicalEvent> up = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            up.add(f.event(CallEstablished, "b" + i, "e" + i, "a" + i));
        }
        t0 = System.nanoTime();
        f.control.accept(up);
        seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(n + burst, f.control.started());
        System.out.printf("FIGURE recordings started in a burst, staying up: %d in %.2f s = %.0f/s%n", burst, seconds,
                burst / seconds);
    }

    /** Sum of |sample| between two offsets (ms from the start) of a WAV. */
    static long energy(byte[] wav, int fromMs, int toMs) {
        ByteBuffer b = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        for (int i = fromMs * 8; i < toMs * 8 && 44 + 2 * i + 1 < wav.length; i++) {
            sum += Math.abs(b.getShort(44 + 2 * i));
        }
        return sum;
    }
}
