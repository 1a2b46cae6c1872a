package io.switchboard.bus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventSink;
import io.switchboard.bus.internal.journal.CommitLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

public class CommitterTest {

    private final EventParser parser = new EventParser(new ObjectMapper());
    private final List<String> order = Collections.synchronizedList(new ArrayList<>());
    private final List<CanonicalEvent> applied = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch appliedOnce = new CountDownLatch(1);
    private Committer committer;

    @After
    public void close() {
        if (committer != null) {
            committer.close();
        }
    }

    private Committer committer(CommitLog log) {
        EventSink sink = events -> {
            applied.addAll(events);
            order.add("applied " + events.size());
            appliedOnce.countDown();
        };
        committer = new Committer(log, () -> List.of(sink), g -> order.add("durable " + g.lastSeq),
                g -> order.add("acknowledged after apply " + g.lastSeq), g -> order.add("not applied " + g.lastSeq),
                1 << 20, 1000, 10_000);
        return committer;
    }

    private List<CanonicalEvent> logins(int from, int to) {
        List<CanonicalEvent> out = new ArrayList<>();
        for (int seq = from; seq <= to; seq++) {
            out.add(parser.parse("{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00Z\",\"source\":\"pbx\",\"seq\":"
                    + seq + ",\"tenant\":\"t\",\"agent\":\"a" + seq + "\",\"dn\":\"" + seq + "\"}").event());
        }
        return out;
    }

    private static List<String> lines(List<CanonicalEvent> events) {
        return events.stream().map(e -> "line " + e.seq()).toList();
    }

    /** A log whose force waits for the test: the window in which a commit is written, not durable. */
    private static final class SlowForce implements CommitLog {
        final List<String> written = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch forcing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile RuntimeException failWith;

        @Override
        public void write(List<String> lines, Map<String, Long> lastSeqs) {
            written.addAll(lines);
        }

        @Override
        public void force() {
            forcing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failWith != null) {
                throw failWith;
            }
        }
    }

    @Test
    public void writtenEventsAreAppliedWhileTheirCommitIsForcedAndCountAsAppliedOnlyOnceDurable() throws Exception {
        SlowForce log = new SlowForce();
        Committer c = committer(log);
        List<CanonicalEvent> events = logins(1, 3);
        Committer.Group g = c.submit("pbx", events, lines(events), 3, true);
        assertTrue("the force started", log.forcing.await(10, TimeUnit.SECONDS));
        assertTrue("applied while the force runs", appliedOnce.await(10, TimeUnit.SECONDS));
        assertEquals(3, applied.size());
        assertFalse("not durable before the force returns", g.durable.isDone());
        assertFalse("an ack after apply waits for the force too", g.applied.isDone());
        assertEquals(List.of("applied 3"), List.copyOf(order));
        log.release.countDown();
        g.applied.get(10, TimeUnit.SECONDS);
        assertTrue(g.durable.isDone());
        // the source's shared position moves only once the group is both durable and applied
        assertEquals(List.of("applied 3", "durable 3", "acknowledged after apply 3"), List.copyOf(order));
        assertEquals(0, c.lag());
        assertEquals(List.of("line 1", "line 2", "line 3"), List.copyOf(log.written));
    }

    @Test
    public void aForceThatFailsFailsTheGroupFreesItsRoomAndRefusesWhatFollows() throws Exception {
        SlowForce log = new SlowForce();
        log.failWith = new java.io.UncheckedIOException(new java.io.IOException("disk gone"));
        log.release.countDown();
        Committer c = committer(log);
        List<CanonicalEvent> events = logins(1, 2);
        Committer.Group g = c.submit("pbx", events, lines(events), 2, false);
        for (java.util.concurrent.CompletableFuture<Void> f : List.of(g.durable, g.applied)) {
            try {
                f.get(10, TimeUnit.SECONDS);
                fail("completed despite the failed force");
            } catch (ExecutionException expected) {
                assertTrue(expected.getCause().getMessage(), expected.getCause().getMessage().contains("disk gone"));
            }
        }
        assertFalse("never acknowledged: no position moved", order.contains("durable 2"));
        assertEquals(0, c.lag());
        try {
            c.submit("pbx", logins(3, 3), List.of("line 3"), 3, false);
            fail("accepted after the journal failed");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("disk gone"));
        }
    }
}
