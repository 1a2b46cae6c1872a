package io.switchboard.ixn.node.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.event.SourceStats;
import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.NodeUnavailableException;
import io.switchboard.api.interaction.SeatControl;
import io.switchboard.api.interaction.SubmitRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Test;

public class NodeEngineTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final List<NodeEngine> engines = new ArrayList<>();
    private final List<NodeDatabase> databases = new ArrayList<>();

    static Path freshDir(String name) throws Exception {
        Path root = Paths.get("target/derby-test");
        Files.createDirectories(root);
        System.setProperty("derby.stream.error.file", root.resolve("derby.log").toString());
        return Files.createTempDirectory(root, name);
    }

    private NodeEngine engine(Path dir, String instance, long leaseMillis) throws Exception {
        return engine(dir, instance, leaseMillis, null);
    }

    private NodeEngine engine(Path dir, String instance, java.util.function.LongSupplier clock,
            java.util.function.LongSupplier ticker) throws Exception {
        NodeDatabase db = NodeDatabase.open(dir.resolve("db"));
        databases.add(db);
        NodeEngine e = new NodeEngine(new NodeEngine.Settings("n1", instance, Set.of(), Set.of("chat", "email"),
                Set.of("email"), 2, 200, 1000, 3000), db, clock, ticker, () -> null, () -> { });
        e.start();
        engines.add(e);
        return e;
    }

    private NodeEngine engine(Path dir, String instance, long leaseMillis, SeatControl seats) throws Exception {
        NodeDatabase db = NodeDatabase.open(dir.resolve("db"));
        databases.add(db);
        NodeEngine e = new NodeEngine(new NodeEngine.Settings("n1", instance, Set.of(), Set.of("chat", "email"),
                Set.of("email"), 2, 200, 1000, leaseMillis), db, now::get, () -> seats, () -> { });
        e.start();
        engines.add(e);
        return e;
    }

    @After
    public void stop() {
        engines.forEach(e -> e.stop(true));
        databases.forEach(NodeDatabase::close);
    }

    @Test
    public void aLoginWithoutASeatIsRefusedWithNoSeatAndLoggedInAgentsListsEveryTenant() throws Exception {
        Set<String> seated = new java.util.HashSet<>();
        SeatControl one = new SeatControl() {
            @Override
            public synchronized boolean acquire(String node, String tenant, String agent, Set<String> media) {
                return seated.contains(tenant + "/" + agent) || seated.isEmpty() && seated.add(tenant + "/" + agent);
            }

            @Override
            public synchronized void release(String node, String tenant, String agent) {
                seated.remove(tenant + "/" + agent);
            }
        };
        NodeEngine n = engine(freshDir("seats"), "n1-primary", 3000, one);
        assertTrue(n.tryLease());
        assertEquals(Set.of("chat"), n.agentLogin("t", "ann", "p1", Set.of("chat")));
        try {
            n.agentLogin("u", "bob", "p2", Set.of("chat"));
            fail("bob got a seat");
        } catch (InteractionException e) {
            // API.md "Licensing": 409 {"code": 409, "error": "no seat", ...}
            assertEquals(409, e.code());
            assertEquals(409, e.status());
            assertEquals("no seat", e.error());
            assertTrue(e.detail(), e.detail().contains("'bob'") && e.detail().contains("n1"));
        }
        // more media for an agent with a seat: the same seat
        assertEquals(Set.of("chat"), n.agentLogin("t", "ann", "p1", Set.of("chat", "voice")));
        assertEquals(Map.of("t", Set.of("ann")), n.loggedInAgents());
        n.agentLogout("t", "ann");
        assertTrue(seated.isEmpty());
        n.agentLogin("u", "bob", "p2", Set.of("chat"));
        assertEquals(Map.of("u", Set.of("bob")), n.loggedInAgents());
    }

    @Test
    public void queueOrderIsPriorityThenAgeAndTakeOffersOnlyQueued() throws Exception {
        NodeEngine n = engine(freshDir("order"), "n1-primary", 3000);
        assertTrue(n.tryLease());
        Interaction a = n.submit(new SubmitRequest("t", "chat", "q", null, 0, Map.of("k", "v")));
        now.addAndGet(10);
        Interaction b = n.submit(new SubmitRequest("t", "chat", "q", "client-b", 5, null));
        now.addAndGet(10);
        Interaction c = n.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
        assertTrue(a.id().startsWith("n1-"));
        assertNotEquals(a.id(), c.id());
        assertEquals(List.of("client-b", a.id(), c.id()), ids(n.peek("t", "q", 10, 0)));
        assertEquals(List.of("client-b"), ids(n.take(List.of("client-b"))));
        assertEquals(List.of(), n.take(List.of("client-b")));
        assertEquals(List.of(a.id(), c.id()), ids(n.peek("t", "q", 10, 0)));
        // snapshots include offered interactions, capped by max-interactions-per-snapshot (2)
        assertEquals(List.of("client-b", a.id()), ids(n.snapshot("t", "q", 0)));
        try {
            n.submit(new SubmitRequest("t", "chat", "q", "client-b", 0, null));
            fail();
        } catch (InteractionException e) {
            assertEquals(409, e.code());
        }
        try {
            n.submit(new SubmitRequest("t", "email", "q", null, 0, null));
            fail("email is disabled");
        } catch (InteractionException e) {
            assertEquals(InteractionException.NO_SERVER_FOR_MEDIA_TENANT, e.code());
        }
    }

    @Test
    public void aValueTheStoreCannotHoldIsThatRequestsBadRequestAndTheNodeKeepsServing() throws Exception {
        NodeEngine n = engine(freshDir("toolong"), "n1-primary", 3000);
        assertTrue(n.tryLease());
        try {
            n.submit(new SubmitRequest("t".repeat(300), "chat", "q", null, 0, null));
            fail("a 300-character tenant does not fit the store");
        } catch (InteractionException e) {
            assertEquals(400, e.status());
        }
        try {
            n.submit(new SubmitRequest("t", "chat", "q", "i".repeat(300), 0, null));
            fail("a 300-character id does not fit the store");
        } catch (InteractionException e) {
            assertEquals(400, e.status());
        }
        // the same instance, its lease and its connection still serve the next request
        Interaction a = n.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
        assertEquals(List.of(a.id()), ids(n.peek("t", "q", 10, 0)));
    }

    @Test
    public void unansweredOfferGoesBackToItsQueue() throws Exception {
        NodeEngine n = engine(freshDir("revoke"), "n1-primary", 3000);
        assertTrue(n.tryLease());
        Interaction a = n.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
        n.take(List.of(a.id()));
        assertEquals(0, n.revokeExpiredOffers());
        now.addAndGet(1001);
        assertEquals(1, n.revokeExpiredOffers());
        assertEquals(Interaction.State.QUEUED, n.get(a.id()).orElseThrow().state());
    }

    @Test
    public void lifecycleWritesCanonicalEventsThatPassTheBusRules() throws Exception {
        NodeEngine n = engine(freshDir("events"), "n1-primary", 3000);
        assertTrue(n.tryLease());
        assertEquals(Set.of("chat"), n.agentLogin("t", "a1", "p1", Set.of("chat", "voice", "sms")));
        n.agentReady("t", "a1", Set.of());
        Interaction a = n.submit(new SubmitRequest("t", "chat", "q", null, 0, Map.of("k", "v")));
        n.updateData(a.id(), Map.of("k2", "v2"));
        Interaction accepted = n.accept(a.id(), "a1");
        assertEquals("a1", accepted.agent());
        assertEquals(Map.of("k", "v", "k2", "v2"), accepted.data());
        n.putInWorkbin(a.id(), "later", "a1");
        assertEquals(List.of(a.id()), ids(n.workbin("t", "later", "a1")));
        n.placeInQueue(a.id(), "q2");
        n.stop(a.id(), "done");
        n.agentNotReady("t", "a1", Set.of("chat"), "lunch");
        n.agentLogout("t", "a1");
        try {
            n.accept(a.id(), "a1");
            fail();
        } catch (InteractionException e) {
            assertEquals(409, e.code());
        }
        List<String> types = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (NodeEngine.LoggedEvent e : n.eventsAfter(0, 100)) {
            types.add(com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(e.line()).get("type")
                    .asText());
            if (e.canonical()) {
                lines.add(e.line());
            }
        }
        assertEquals(List.of("AgentLogin", "AgentReady", "CallQueued", "InteractionDataUpdated", "CallDiverted",
                "CallEstablished", "CallReleased", "CallQueued", "CallCleared", "AgentNotReady", "AgentLogout"), types);

        RecordingBus bus = new RecordingBus();
        EventPublisher publisher = new EventPublisher(n, () -> bus);
        while (publisher.publishOnce()) {
            // drain
        }
        assertEquals(lines, bus.lines);
        for (String line : bus.lines) {
            assertTrue(line, line.contains("\"source\":\"ixn-n1\""));
        }
    }

    @Test
    public void backupTakesOverAFreedLeaseAndContinuesTheEventLog() throws Exception {
        Path dir = freshDir("pair");
        NodeEngine primary = engine(dir, "n1-primary", 3000);
        NodeEngine backup = engine(dir, "n1-backup", 3000);
        assertTrue(primary.tryLease());
        assertFalse(backup.tryLease());
        Interaction a = primary.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
        try {
            backup.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
            fail("a standby must not write");
        } catch (NodeUnavailableException expected) {
            // the fence
        }
        primary.stop(true);
        assertTrue(backup.tryLease());
        Interaction b = backup.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
        assertNotEquals(a.id(), b.id());
        assertEquals(List.of(a.id(), b.id()), ids(backup.peek("t", "q", 10, 0)));
        List<NodeEngine.LoggedEvent> log = backup.eventsAfter(0, 10);
        assertEquals(2, log.size());
        assertEquals(1, log.get(0).seq());
        assertEquals(2, log.get(1).seq());
    }

    @Test
    public void crashedInstanceLeaseExpiresBeforeThePartnerTakesOver() throws Exception {
        Path dir = freshDir("crash");
        NodeEngine primary = engine(dir, "n1-primary", 3000);
        NodeEngine backup = engine(dir, "n1-backup", 3000);
        assertTrue(primary.tryLease());
        primary.stop(false);
        assertFalse(backup.tryLease());
        now.addAndGet(3001);
        assertTrue(backup.tryLease());
    }

    @Test
    public void aPrimaryResumedAfterAPauseNeverTakesBackTheLeaseItsBackupRenewsWhateverTheClocks() throws Exception {
        Path dir = freshDir("pause");
        AtomicLong ticks = new AtomicLong();
        // the primary's clock 90 s behind the backup's: the lease must not care
        NodeEngine primary = engine(dir, "n1-primary", () -> now.get() - 90_000, ticks::get);
        NodeEngine backup = engine(dir, "n1-backup", now::get, ticks::get);
        assertTrue(primary.tryLease());
        assertFalse(backup.tryLease());
        long firstEpoch = primary.epoch();
        // the primary is paused (SIGSTOP): no renewal for 30 s; the backup takes over after the lease
        for (int i = 1; i <= 300; i++) {
            now.addAndGet(100);
            ticks.addAndGet(100_000_000L);
            boolean held = backup.tryLease();
            assertEquals("round " + i, i >= 30, held);
        }
        assertTrue("a later take has a larger generation", backup.epoch() > firstEpoch);
        // resumed: the primary watches the backup renew and keeps waiting, for ten leases and more
        for (int i = 0; i < 300; i++) {
            now.addAndGet(100);
            ticks.addAndGet(100_000_000L);
            assertFalse("round " + i, primary.tryLease());
            assertTrue("round " + i, backup.tryLease());
        }
        try {
            primary.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
            fail("the resumed primary wrote");
        } catch (NodeUnavailableException expected) {
            // not active
        }
        backup.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
    }

    @Test
    public void schemaMigrationIsIdempotent() throws Exception {
        NodeDatabase db = NodeDatabase.open(freshDir("schema").resolve("db"));
        databases.add(db);
        try (java.sql.Connection c = db.connect()) {
            assertEquals(Schema.STEPS.size(), Schema.migrate(c));
            assertEquals(Schema.STEPS.size(), Schema.migrate(c));
        }
    }

    private static List<String> ids(List<Interaction> l) {
        return l.stream().map(Interaction::id).toList();
    }

    /** Applies the bus's own field rules to what the publisher sends. */
    static final class RecordingBus implements EventIngestService {
        final List<String> lines = new ArrayList<>();
        long last;

        @Override
        public IngestResult ingestLines(List<String> batch) {
            return ingestLines(batch, null);
        }

        @Override
        public IngestResult ingestDurable(List<String> batch, String requiredSource) {
            return ingestLines(batch, requiredSource);
        }

        @Override
        public IngestResult ingestLines(List<String> batch, String requiredSource) {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String l : batch) {
                try {
                    com.fasterxml.jackson.databind.JsonNode n = m.readTree(l);
                    CanonicalEvent e = CanonicalEvent.builder(io.switchboard.api.event.EventType.valueOf(n.get("type").asText()))
                            .ts(java.time.Instant.parse(n.get("ts").asText()).toEpochMilli())
                            .source(n.get("source").asText()).seq(n.get("seq").asLong())
                            .tenant(n.get("tenant").asText()).media(n.path("media").asText(null))
                            .agent(n.path("agent").asText(null)).place(n.path("place").asText(null))
                            .call(n.path("call").asText(null)).queue(n.path("queue").asText(null))
                            .reason(n.path("reason").asText(null)).build();
                    String error = io.switchboard.api.event.EventRules.check(e);
                    assertEquals(l, null, error);
                    assertTrue(e.seq() > last);
                    last = e.seq();
                } catch (java.io.IOException ex) {
                    throw new AssertionError(ex);
                }
                lines.add(l);
            }
            return new IngestResult(batch.size(), 0, List.of());
        }

        @Override
        public IngestResult ingest(List<CanonicalEvent> events) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long lastSeq(String source) {
            return last;
        }

        @Override
        public List<SourceStats> sources() {
            return List.of();
        }

        @Override
        public long acceptedTotal() {
            return 0;
        }

        @Override
        public long rejectedTotal() {
            return 0;
        }

        @Override
        public long duplicatesTotal() {
            return 0;
        }
    }

    @Test
    public void aWriteThatWaitsOutAnotherSessionsLockIsRunAgainThenFailsUnavailableAndTheNodeKeepsItsLease()
            throws Exception {
        Path dir = freshDir("locked");
        NodeEngine n = engine(dir, "primary", 3000);
        assertTrue(n.tryLease());
        NodeDatabase other = NodeDatabase.open(dir.resolve("db"));
        databases.add(other);
        try (java.sql.Connection paused = other.connect(); java.sql.Statement s = paused.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '1')");
            // a session that took the id counter's row and went quiet (a paused process's)
            paused.setAutoCommit(false);
            s.executeUpdate("UPDATE IXN_COUNTER SET VAL = VAL + 100 WHERE NAME = 'id'");
            try {
                n.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
                fail("a submit went through a locked counter row");
            } catch (NodeUnavailableException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("waited out database locks 3 times"));
            }
            assertEquals(3, n.lockTimeouts.get());
            assertTrue("a lock waited out costs no lease", n.isActive());
            // a client's own id needs no counter: the node still writes meanwhile
            assertEquals("own", n.submit(new SubmitRequest("t", "chat", "q", "own", 0, null)).id());
            paused.rollback();
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', NULL)");
            paused.commit();
        }
        assertEquals("n1-1", n.submit(new SubmitRequest("t", "chat", "q", null, 0, null)).id());
        assertTrue(n.tryLease());
    }
}
