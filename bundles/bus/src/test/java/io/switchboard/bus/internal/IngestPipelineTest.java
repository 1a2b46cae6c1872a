package io.switchboard.bus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventSink;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class IngestPipelineTest {

    private final Map<String, Long> seqs = new HashMap<>();
    private final MapConfig config = new MapConfig();

    private SourceRegistry.SeqStore store() {
        return store(seqs);
    }

    private static SourceRegistry.SeqStore store(Map<String, Long> seqs) {
        return new SourceRegistry.SeqStore() {
            @Override
            public long get(String source) {
                return seqs.getOrDefault(source, 0L);
            }

            @Override
            public void put(String source, long seq) {
                seqs.put(source, seq);
            }
        };
    }
    private final List<CanonicalEvent> applied = new ArrayList<>();
    private final IngestPipeline pipeline = new IngestPipeline(new EventParser(new ObjectMapper()),
            new SourceRegistry(store()), () -> List.<EventSink>of(applied::addAll), () -> config);

    private static String login(String source, int seq) {
        return "{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00Z\",\"source\":\"" + source + "\",\"seq\":" + seq
                + ",\"tenant\":\"t\",\"agent\":\"a" + seq + "\",\"dn\":\"" + seq + "\"}";
    }

    @org.junit.Before
    public void start() {
        pipeline.start(1 << 20, 1000, 10_000);
    }

    @org.junit.After
    public void stop() {
        pipeline.stop();
    }

    private IngestResult ingest(String... lines) {
        Batch b = pipeline.parse(List.of(lines));
        pipeline.apply(b, true);
        return b.result();
    }

    @Test
    public void badLinesAreRejectedByLineAndTheRestIsApplied() {
        IngestResult r = ingest(login("a", 1), "garbage", "", login("a", 2));
        assertEquals(2, r.accepted());
        assertEquals(1, r.rejected().size());
        assertEquals(2, r.rejected().get(0).line());
        assertEquals(2, applied.size());
        assertEquals(2L, pipeline.sources().lastSeq("a"));
        assertEquals(1, pipeline.sources().rejectedTotal.get());
    }

    @Test
    public void aLineOverTheLimitsIsRejectedAndChangesNoSinkAndNoSource() {
        ingest(login("a", 1));
        String longSource = "s".repeat(io.switchboard.api.Limits.NAME + 1);
        IngestResult r = ingest(login(longSource, 1), login("a", 2).replace("\"tenant\":\"t\"",
                "\"tenant\":\"" + "t".repeat(io.switchboard.api.Limits.NAME + 1) + "\""), login("a", 3));
        assertEquals(1, r.accepted());
        assertEquals(2, r.rejected().size());
        assertEquals("field 'source' is longer than 128 characters", r.rejected().get(0).error());
        assertEquals("field 'tenant' is longer than 128 characters", r.rejected().get(1).error());
        assertEquals(2, applied.size());
        assertEquals(3L, pipeline.sources().lastSeq("a"));
        assertEquals(0L, pipeline.sources().lastSeq(longSource));
        assertEquals(List.of("a"), pipeline.sources().stats().stream().map(s -> s.source()).toList());
    }

    @Test
    public void seenSeqsAreDuplicatesPerSourceAndChangeNothing() {
        ingest(login("a", 1), login("a", 2), login("b", 1));
        IngestResult again = ingest(login("a", 2), login("a", 3), login("b", 1), login("b", 5));
        assertEquals(2, again.accepted());
        assertEquals(2, again.duplicates());
        assertEquals(5, applied.size());
        assertEquals(3L, pipeline.sources().lastSeq("a"));
        assertEquals(5L, pipeline.sources().lastSeq("b"));
    }

    @Test
    public void aStrictTenantRejectsEventsNamingUnconfiguredObjects() {
        config.objects.put("Tenant|t|t", new ConfigObject("t", "Tenant", "t", Map.of("strict", true), null));
        config.objects.put("Agent|t|a1", new ConfigObject("t", "Agent", "a1", null, null));
        config.objects.put("DN|t|1", new ConfigObject("t", "DN", "1", null, null));
        IngestResult r = ingest(login("a", 1), login("a", 2));
        assertEquals(1, r.accepted());
        assertEquals(1, r.rejected().size());
        assertEquals("Agent 'a2' is not configured in strict tenant 't'", r.rejected().get(0).error());
        assertEquals(2, r.rejected().get(0).line());
    }

    /** A configuration that answers from a map. */
    static final class MapConfig implements ConfigurationService {
        final Map<String, ConfigObject> objects = new HashMap<>();

        @Override
        public ConfigObject get(String tenant, String type, String id) {
            return objects.get(type + "|" + tenant + "|" + id);
        }

        @Override
        public Collection<ConfigObject> list(String tenant) {
            return objects.values();
        }

        @Override
        public ConfigObject put(String tenant, String type, String id, Map<String, Object> body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String tenant, String type, String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int importDocument(Map<String, Object> document) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isStrict(String tenant) {
            ConfigObject t = get(tenant, "Tenant", tenant);
            return t != null && t.strict();
        }
    }

    @Test
    public void aJournalRebuildsTheSinksAndTheSourcesAfterARestart() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("journal");
        try (io.switchboard.bus.internal.journal.Journal journal =
                new io.switchboard.bus.internal.journal.Journal(dir, 1 << 20, true)) {
            IngestPipeline live = new IngestPipeline(new EventParser(new ObjectMapper()), new SourceRegistry(store()),
                    () -> List.<EventSink>of(applied::addAll), () -> null, journal);
            live.start(1 << 20, 1000, 10_000);
            Batch b = live.parse(List.of(login("a", 1), login("b", 1), "garbage", login("a", 2)));
            live.apply(b, true);
            Batch dup = live.parse(List.of(login("a", 2)));
            live.apply(dup, true);
            live.stop();
            assertEquals("duplicates are not journaled again", 3, applied.size());
        }
        // a new node: empty grid, same journal
        Map<String, Long> freshSeqs = new HashMap<>();
        List<CanonicalEvent> rebuilt = new ArrayList<>();
        try (io.switchboard.bus.internal.journal.Journal journal =
                new io.switchboard.bus.internal.journal.Journal(dir, 1 << 20, true)) {
            IngestPipeline restarted = new IngestPipeline(new EventParser(new ObjectMapper()),
                    new SourceRegistry(store(freshSeqs)), () -> List.<EventSink>of(rebuilt::addAll), () -> null, journal);
            assertEquals(3, restarted.replay(Map.of()));
        }
        assertEquals(applied, rebuilt);
        assertEquals(Long.valueOf(2), freshSeqs.get("a"));
        assertEquals(Long.valueOf(1), freshSeqs.get("b"));

        // with a snapshot holding source a up to seq 1, only what came after it is replayed
        rebuilt.clear();
        freshSeqs.clear();
        try (io.switchboard.bus.internal.journal.Journal journal =
                new io.switchboard.bus.internal.journal.Journal(dir, 1 << 20, true)) {
            IngestPipeline restarted = new IngestPipeline(new EventParser(new ObjectMapper()),
                    new SourceRegistry(store(freshSeqs)), () -> List.<EventSink>of(rebuilt::addAll), () -> null, journal);
            assertEquals(2, restarted.replay(Map.of("a", 1L, "c", 7L)));
        }
        assertEquals(List.of(applied.get(1), applied.get(2)), rebuilt);
        assertEquals(Long.valueOf(2), freshSeqs.get("a"));
        assertEquals("a source known only from the snapshot keeps its position", Long.valueOf(7), freshSeqs.get("c"));
    }

    @Test
    public void durableEventsAreAppliedAgainAfterASinkFailureAndAPoisonEventDoesNotStopTheOthers() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        List<CanonicalEvent> got = java.util.Collections.synchronizedList(new ArrayList<>());
        IngestPipeline flaky = new IngestPipeline(new EventParser(new ObjectMapper()),
                new SourceRegistry(store()), () -> List.<EventSink>of(events -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("grid member gone");
                    }
                    if (events.stream().anyMatch(e -> e.seq() == 2)) {
                        throw new IllegalStateException("poison");
                    }
                    got.addAll(events);
                }), () -> null);
        flaky.start(1 << 20, 1000, 10_000);
        try {
            Batch b = flaky.parse(List.of(login("a", 1), login("a", 2), login("a", 3)));
            flaky.apply(b, true);
            assertEquals("acknowledged events are not given up for a failing engine", 3, b.result().accepted());
            assertEquals(List.of(1L, 3L), got.stream().map(CanonicalEvent::seq).toList());
            assertEquals(3L, flaky.sources().lastSeq("a"));
        } finally {
            flaky.stop();
        }
    }

    /** A pipeline whose sink takes nothing until {@code release} opens, then keeps what it got. */
    private IngestPipeline heldBy(java.util.concurrent.CountDownLatch release, List<CanonicalEvent> got) {
        return new IngestPipeline(new EventParser(new ObjectMapper()), new SourceRegistry(store()),
                () -> List.<EventSink>of(events -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    got.addAll(events);
                }), () -> null);
    }

    @Test
    public void aReadAfterTheAcksWaitsUntilTheEngineAppliedThem() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CanonicalEvent> got = java.util.Collections.synchronizedList(new ArrayList<>());
        IngestPipeline slow = heldBy(release, got);
        slow.start(1 << 20, 1000, 10_000);
        try {
            Batch b = slow.parse(List.of(login("a", 1), login("a", 2)));
            slow.apply(b, false);
            assertEquals("acknowledged: durable", 2L, slow.sources().lastSeq("a"));
            assertEquals("not applied yet", 0, got.size());
            org.junit.Assert.assertFalse(slow.committer().awaitApplied(50));
            release.countDown();
            org.junit.Assert.assertTrue(slow.committer().awaitApplied(5_000));
            assertEquals("a read after the barrier sees both", 2, got.size());
        } finally {
            release.countDown();
            slow.stop();
        }
    }

    @Test
    public void inAClusterTheAckAndTheSharedPositionWaitForTheApply() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CanonicalEvent> got = java.util.Collections.synchronizedList(new ArrayList<>());
        IngestPipeline slow = heldBy(release, got);
        slow.ackAfterApply(() -> true);
        slow.start(1 << 20, 1000, 10_000);
        try {
            Batch b = slow.parse(List.of(login("a", 1), login("a", 2)));
            java.util.concurrent.CompletableFuture<Void> ack = java.util.concurrent.CompletableFuture.runAsync(
                    () -> slow.apply(b, false));
            // durable but not applied: a node dying now must not have told anyone seq 2
            assertEquals("a resume elsewhere starts before what is not applied", 0L, slow.sources().lastSeq("a"));
            try {
                ack.get(300, java.util.concurrent.TimeUnit.MILLISECONDS);
                org.junit.Assert.fail("acknowledged before the engine had the events");
            } catch (java.util.concurrent.TimeoutException expected) {
                // still waiting for the apply, as it should
            }
            release.countDown();
            ack.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(2, got.size());
            assertEquals(2L, slow.sources().lastSeq("a"));
            assertEquals(2, b.result().accepted());
        } finally {
            release.countDown();
            slow.stop();
        }
    }

    @Test
    public void inAClusterWhatTheEngineDidNotTakeIsNotAcknowledgedAndIsTakenWhenSentAgain() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<CanonicalEvent> got = java.util.Collections.synchronizedList(new ArrayList<>());
        IngestPipeline p = new IngestPipeline(new EventParser(new ObjectMapper()), new SourceRegistry(store()),
                () -> List.<EventSink>of(events -> {
                    if (broken.get() && events.stream().anyMatch(e -> e.seq() == 2)) {
                        throw new IllegalStateException("no quorum");
                    }
                    got.addAll(events);
                }), () -> null);
        p.ackAfterApply(() -> true);
        p.start(1 << 20, 1000, 10_000);
        try {
            Batch b = p.parse(List.of(login("a", 1), login("a", 2)));
            try {
                p.apply(b, false);
                org.junit.Assert.fail("acknowledged events the engine did not take");
            } catch (IllegalStateException expected) {
                // the TCP session closes with this error and the source resends from its last ack
            }
            assertEquals("nothing of that batch acknowledged", 0L, p.sources().lastSeq("a"));
            broken.set(false);
            Batch again = p.parse(List.of(login("a", 1), login("a", 2)));
            p.apply(again, false);
            assertEquals("sent again, not duplicates", 2, again.result().accepted());
            assertEquals(2L, p.sources().lastSeq("a"));
            assertTrue(got.stream().anyMatch(e -> e.seq() == 2));
        } finally {
            p.stop();
        }
    }

    @Test
    public void aSourcesPositionNeverMovesBack() {
        SourceRegistry r = new SourceRegistry(store());
        r.advance("a", 5);
        r.advance("a", 3);
        assertEquals(5L, r.lastSeq("a"));
    }

    @Test
    public void aFailingJournalLeavesTheSourceWhereItWasAndRefusesWhatComesAfter() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("journal");
        io.switchboard.bus.internal.journal.Journal journal = new io.switchboard.bus.internal.journal.Journal(dir,
                1 << 20, true);
        journal.close();
        IngestPipeline broken = new IngestPipeline(new EventParser(new ObjectMapper()), new SourceRegistry(store()),
                () -> List.<EventSink>of(applied::addAll), () -> null, journal);
        broken.start(1 << 20, 1000, 10_000);
        try {
            try {
                broken.apply(broken.parse(List.of(login("a", 1))), false);
                org.junit.Assert.fail("a batch that is not durable must fail");
            } catch (IllegalStateException expected) {
                assertEquals(0L, broken.sources().lastSeq("a"));
            }
            try {
                broken.apply(broken.parse(List.of(login("a", 2))), false);
                org.junit.Assert.fail("nothing is accepted after a journal failure");
            } catch (IllegalStateException expected) {
                org.junit.Assert.assertTrue(expected.getMessage(), expected.getMessage().contains("journal failed"));
            }
            assertEquals(0, applied.size());
        } finally {
            broken.stop();
        }
    }
}
