package io.switchboard.eventlog.jdbc.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.After;
import org.junit.Before;
import org.junit.AfterClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The Derby tables written directly (no bus): idempotence, sessions, call life cycles. */
public class JdbcEventLogTest {

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static int tests;
    private JdbcEventLog log;
    private Tables tables;
    private Schema schema;

    /** One database for the class (creating one costs seconds here), a table set per test. */
    @Before
    public void open() throws Exception {
        log = new JdbcEventLog("jdbc:derby:db;create=true", "T" + (++tests), tmp.getRoot().toPath());
        log.open();
        schema = log.schema();
        tables = new Tables(log);
    }

    @After
    public void close() {
        log.abandon();
    }

    @AfterClass
    public static void shutdown() {
        new Derby("jdbc:derby:db", tmp.getRoot().toPath()).shutdown();
    }

    private static CanonicalEvent agent(EventType type, String source, long seq, long ts, String agent) {
        return CanonicalEvent.builder(type).ts(Workload.T0 + ts).source(source).seq(seq).tenant("t").agent(agent)
                .dn("d-" + agent).build();
    }

    private static CanonicalEvent call(EventType type, String source, long seq, long ts, String call) {
        return CanonicalEvent.builder(type).ts(Workload.T0 + ts).source(source).seq(seq).tenant("t").call(call)
                .queue("q1").dn("d1").agent("a1").build();
    }

    private void assertSessions(String agent, long[]... expected) {
        List<long[]> s = tables.sessions("t", agent);
        assertEquals("sessions of " + agent, expected.length, s.size());
        for (int i = 0; i < expected.length; i++) {
            long[] e = expected[i];
            long[] got = s.get(i);
            assertArrayEquals("session " + i + " of " + agent + " (login, logout, pairs)",
                    new long[] {Workload.T0 + e[0], e[1] < 0 ? -1 : Workload.T0 + e[1], e[2]}, got);
        }
    }

    @Test
    public void overlappingPairsOfSeveralNodesMakeOneSessionPerRealLoginWhateverTheOrder() throws Exception {
        // two real logins; each node reports its own pair for both, a few ms apart
        List<List<CanonicalEvent>> perNode = List.of(
                List.of(agent(EventType.AgentLogin, "n1", 1, 10, "a1"), agent(EventType.AgentLogout, "n1", 2, 100, "a1"),
                        agent(EventType.AgentLogin, "n1", 3, 200, "a1"), agent(EventType.AgentLogout, "n1", 4, 300, "a1")),
                List.of(agent(EventType.AgentLogin, "n2", 1, 12, "a1"), agent(EventType.AgentLogout, "n2", 2, 104, "a1"),
                        agent(EventType.AgentLogin, "n2", 3, 201, "a1"), agent(EventType.AgentLogout, "n2", 4, 305, "a1")),
                List.of(agent(EventType.AgentLogin, "n3", 1, 11, "a1"), agent(EventType.AgentLogout, "n3", 2, 101, "a1"),
                        agent(EventType.AgentLogin, "n3", 3, 202, "a1"), agent(EventType.AgentLogout, "n3", 4, 302, "a1")));
        // the worst order first: one node's whole history before the next node's
        for (List<CanonicalEvent> node : perNode) {
            log.write(node);
        }
        assertSessions("a1", new long[] {10, 104, 3}, new long[] {200, 305, 3});
        // and the same again for another agent, sources interleaved at random in batches of one
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            String a = "r" + round;
            List<List<CanonicalEvent>> queues = new ArrayList<>();
            for (List<CanonicalEvent> node : perNode) {
                List<CanonicalEvent> q = new ArrayList<>();
                for (CanonicalEvent e : node) {
                    q.add(agent(e.type(), e.source(), e.seq() + 4L * (round + 1), e.ts() - Workload.T0, a));
                }
                queues.add(q);
            }
            while (queues.stream().anyMatch(q -> !q.isEmpty())) {
                List<CanonicalEvent> q = queues.get(random.nextInt(queues.size()));
                if (!q.isEmpty()) {
                    log.write(List.of(q.remove(0)));
                }
            }
            assertSessions(a, new long[] {10, 104, 3}, new long[] {200, 305, 3});
        }
    }

    @Test
    public void aLogoutArrivingAfterAnotherNodesLaterLoginSplitsTheSession() throws Exception {
        log.write(List.of(agent(EventType.AgentLogin, "n1", 1, 10, "a1")));
        log.write(List.of(agent(EventType.AgentLogin, "n2", 1, 50, "a1")));
        assertSessions("a1", new long[] {10, -1, 2});
        // n1's pair ended before n2's began: two real logins
        log.write(List.of(agent(EventType.AgentLogout, "n1", 2, 20, "a1")));
        assertSessions("a1", new long[] {10, 20, 1}, new long[] {50, -1, 1});
        log.write(List.of(agent(EventType.AgentLogout, "n2", 2, 60, "a1")));
        assertSessions("a1", new long[] {10, 20, 1}, new long[] {50, 60, 1});
    }

    @Test
    public void aRepeatedLoginAndAnUnmatchedLogoutChangeNoSession() throws Exception {
        log.write(List.of(agent(EventType.AgentLogout, "n1", 1, 5, "a1"),
                agent(EventType.AgentLogin, "n1", 2, 10, "a1"), agent(EventType.AgentLogin, "n1", 3, 15, "a1"),
                agent(EventType.AgentLogout, "n1", 4, 40, "a1"), agent(EventType.AgentLogout, "n1", 5, 45, "a1")));
        assertSessions("a1", new long[] {10, 40, 1});
    }

    @Test
    public void aReplayedBatchChangesNoTable() throws Exception {
        Workload w = new Workload(3, 4, 2, 2, 1);
        for (List<CanonicalEvent> events : w.bySource.values()) {
            log.write(events);
        }
        int events = tables.count(schema.events);
        int sessions = tables.count(schema.sessions);
        Map<String, String> call = tables.call("t", "c0-1-0");
        for (List<CanonicalEvent> events2 : w.bySource.values()) {
            log.write(events2);
            log.write(events2.subList(events2.size() / 2, events2.size()));
        }
        assertEquals(w.size(), events);
        assertEquals(w.size(), tables.count(schema.events));
        assertEquals(w.realLogins, sessions);
        assertEquals(sessions, tables.count(schema.sessions));
        assertEquals(w.calls, tables.count(schema.calls));
        assertEquals(call, tables.call("t", "c0-1-0"));
    }

    @Test
    public void aCallsRowFollowsItsLifeCycleInWhateverOrderItsEventsArrive() throws Exception {
        List<CanonicalEvent> life = new ArrayList<>(List.of(call(EventType.CallQueued, "q", 1, 0, "c1"),
                call(EventType.CallDiverted, "q", 2, 5, "c1"), call(EventType.CallRinging, "d", 1, 6, "c1"),
                call(EventType.CallEstablished, "d", 2, 9, "c1"), call(EventType.CallHeld, "d", 3, 20, "c1")));
        for (CanonicalEvent e : life) {
            log.write(List.of(e));
        }
        Map<String, String> c = tables.call("t", "c1");
        assertEquals("HELD", c.get("STATE"));
        assertNull(c.get("ENDED_TS"));
        assertNull(c.get("OUTCOME"));
        log.write(List.of(call(EventType.CallRetrieved, "d", 4, 30, "c1"), call(EventType.CallReleased, "d", 5, 60, "c1")));
        c = tables.call("t", "c1");
        assertEquals("ENDED", c.get("STATE"));
        assertEquals("ANSWERED", c.get("OUTCOME"));
        assertEquals(String.valueOf(Workload.T0), c.get("FIRST_TS"));
        assertEquals(String.valueOf(Workload.T0), c.get("QUEUED_TS"));
        assertEquals(String.valueOf(Workload.T0 + 9), c.get("ANSWERED_TS"));
        assertEquals(String.valueOf(Workload.T0 + 60), c.get("ENDED_TS"));
        assertEquals("7", c.get("EVENTS"));
        assertEquals("voice", c.get("MEDIA"));
        assertEquals("inbound", c.get("DIRECTION"));

        // the same life with the DN's source before the queue's
        List<CanonicalEvent> reversed = new ArrayList<>();
        for (CanonicalEvent e : life) {
            reversed.add(call(e.type(), e.source() + "2", e.seq(), e.ts() - Workload.T0, "c2"));
        }
        reversed.add(call(EventType.CallRetrieved, "d2", 4, 30, "c2"));
        reversed.add(call(EventType.CallReleased, "d2", 5, 60, "c2"));
        Collections.reverse(reversed);
        log.write(reversed.stream().filter(e -> e.source().equals("d2")).toList());
        log.write(reversed.stream().filter(e -> e.source().equals("q2")).toList());
        Map<String, String> c2 = tables.call("t", "c2");
        for (String column : List.of("STATE", "OUTCOME", "FIRST_TS", "QUEUED_TS", "ANSWERED_TS", "ENDED_TS", "EVENTS",
                "LAST_EVENT", "DIRECTION")) {
            assertEquals(column, c.get(column), c2.get(column));
        }
    }

    @Test
    public void anInteractionAbandonedInTheQueueEndsAbandoned() throws Exception {
        log.write(List.of(
                CanonicalEvent.builder(EventType.CallQueued).ts(Workload.T0).source("ixn").seq(1).tenant("t")
                        .media("chat").call("i1").queue("q1").build(),
                CanonicalEvent.builder(EventType.CallAbandoned).ts(Workload.T0 + 50).source("ixn").seq(2).tenant("t")
                        .media("chat").call("i1").queue("q1").build()));
        Map<String, String> c = tables.call("t", "i1");
        assertEquals("chat", c.get("MEDIA"));
        assertEquals("ENDED", c.get("STATE"));
        assertEquals("ABANDONED", c.get("OUTCOME"));
        assertEquals(String.valueOf(Workload.T0 + 50), c.get("ENDED_TS"));
    }

    @Test
    public void attachedDataIsKeptAsJson() throws Exception {
        log.write(List.of(CanonicalEvent.builder(EventType.CallQueued).ts(Workload.T0).source("s").seq(1).tenant("t")
                .call("c9").queue("q").data(Map.of("segment", "gold", "lang", "fr")).build()));
        try (var c = new Derby(log.url(), tmp.getRoot().toPath()).connect(); var s = c.createStatement();
                var r = s.executeQuery("SELECT DATA FROM " + schema.events + " WHERE SOURCE = 's'")) {
            assertTrue(r.next());
            assertEquals("{\"lang\":\"fr\",\"segment\":\"gold\"}", r.getString(1));
        }
    }

    @Test
    public void badSettingsAreRefusedByName() {
        for (String[] bad : new String[][] {{"jdbc:derby:x", "EVENTS; DROP"}, {"jdbc:mysql://h/x", "EVENTS"},
                {"jdbc:derby:", "EVENTS"}, {"jdbc:derby:x", ""}}) {
            try {
                new JdbcEventLog(bad[0], bad[1], tmp.getRoot().toPath());
                fail("accepted " + String.join(" / ", bad));
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("table:") || e.getMessage().startsWith("databaseUrl:"));
            }
        }
        try {
            JdbcEventLogSink.startPosition("yesterday");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("startFrom:"));
        }
    }
}
