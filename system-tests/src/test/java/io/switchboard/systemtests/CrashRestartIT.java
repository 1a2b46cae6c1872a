package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Issue #4's crash test: sources stream over TCP while the server process is SIGKILLed and
 * started again, several times. Afterwards the statistics equal those of a clean run of the same
 * events on a fresh instance, every acknowledged event is in the journal, no ack was ever taken
 * back (after each restart the server's lastSeq is at least the last ack it had sent), and no
 * event counted twice (the resent overlap after each crash is all duplicates).
 *
 * <p>Short by default (CI); the long form: {@code -Dcrash.events=200000 -Dcrash.kills=6
 * -Dcrash.rate=5000}.
 */
public class CrashRestartIT {

    private static final int EVENTS = Integer.getInteger("crash.events", 6000);
    private static final int KILLS = Integer.getInteger("crash.kills", 2);
    private static final double RATE = Double.parseDouble(System.getProperty("crash.rate", "400"));
    private static final long BASE = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();
    private static final String[] SOURCES = { "pbx-a", "pbx-b" };
    private static final StatSet STATS = StatSet.demo(20);

    /** Two sources, each with half of the demo tenant's agents, sharing its queues. */
    static EventGenerator generator(int source) {
        // 700 ms apart per source on average: a few hours of traffic whatever the count
        return new EventGenerator("demo", SOURCES[source], EventGenerator.demoAgents(1 + 10 * source, 10),
                List.of("sales", "support", "billing"), 4242 + source, EventGenerator.Mix.FULL,
                seq -> BASE + seq * 700 + source * 13);
    }

    static ForkedServer.Options options() {
        return new ForkedServer.Options().eventClock(true).javaMaxMem("768m");
    }

    private static final long T0 = System.nanoTime();

    /** Where the test's time goes (it is among the longest of the build). */
    private static void phase(String what) {
        System.out.printf("phase at %s: %s%n", phaseTime(), what);
    }

    private static String phaseTime() {
        return String.format("%.1f s", (System.nanoTime() - T0) / 1e9);
    }

    @Test
    public void killedAndRestartedServerEndsWithTheValuesOfACleanRun() throws Exception {
        phase("start");
        int perSource = EVENTS / SOURCES.length;
        // the crashed instance and what its sinks write to are set up first, so that its first boot
        // runs beside the clean run (the servers' boots are most of this test's time).
        // The three event loggers ride along: each must hold every event once across the kills. The
        // JMS one sends to a broker of this JVM, which outlives the server's kills (one inside the
        // server would die with it, and only show that the server's broker journal survives).
        JmsBroker broker = new JmsBroker(Path.of("target/crash/broker")).start();
        broker.createQueue(QUEUE);
        // the JDBC one writes to a network database (the mode of one database for a whole cluster)
        // on a Derby network server of this JVM, which outlives the kills as the broker does: each
        // kill drops the sink's connection in the middle of whatever it was writing
        Path db = Path.of("target/crash/eventlog-net").toAbsolutePath();
        ForkedServer.deleteTree(db);
        java.nio.file.Files.createDirectories(db.getParent());
        System.setProperty("derby.stream.error.file", db.resolveSibling("derby-network.log").toString());
        int dbPort = ForkedServer.freePorts(1)[0];
        org.apache.derby.drda.NetworkServerControl network = new org.apache.derby.drda.NetworkServerControl(
                java.net.InetAddress.getLoopbackAddress(), dbPort);
        network.start(null);
        Poll.until("the Derby network server on " + dbPort, Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
            try {
                network.ping();
                return true;
            } catch (Exception notYet) {
                return false;
            }
        });
        ForkedServer crashed = ForkedServer.create(Path.of("target/crash/crashed"),
                options().bootFeature("switchboard-eventlog-file").bootFeature("switchboard-eventlog-jdbc")
                        .bootFeature("switchboard-eventlog-jms")
                        .set("io.switchboard.eventlog.jdbc", "databaseUrl",
                                "jdbc:derby://127.0.0.1:" + dbPort + "/" + db + ";create=true")
                        .set("io.switchboard.eventlog.jms", "brokerUrl", broker.url())
                        .set("io.switchboard.eventlog.jms", "destination", "queue:" + QUEUE));
        try {
            crashed.startProcess();
            Map<String, JsonNode> expected = cleanRun(perSource);
            crashed.awaitHealthy(Duration.ofMinutes(5));
            phase("crashed server up");
            List<TcpEventClient> clients = new ArrayList<>();
            for (int i = 0; i < SOURCES.length; i++) {
                clients.add(crashed.tcpClient(SOURCES[i], generator(i))
                        .pacing(Pacer.steady(RATE)).start(perSource));
            }
            long started = System.nanoTime();
            // what each source had acknowledged when the running process started: it must have
            // acknowledged more of each before it is killed (it is serving, not still booting)
            long[] ackedAtStart = new long[clients.size()];
            for (int k = 1; k <= KILLS; k++) {
                long threshold = (long) perSource * k / (KILLS + 1);
                // killed while events are in flight: sent, maybe read or journaled, not acknowledged
                try {
                    Poll.until("events past " + threshold + " in flight", Duration.ofMinutes(5), Duration.ofMillis(10),
                            () -> java.util.stream.IntStream.range(0, clients.size()).allMatch(i -> {
                                TcpEventClient c = clients.get(i);
                                return c.sent() >= threshold && c.sent() > c.acked() && c.acked() > ackedAtStart[i];
                            }));
                } catch (AssertionError e) {
                    // say where each source was: a source that sent and had acknowledged everything
                    // before the other one passed the threshold leaves no moment with both in flight
                    throw new AssertionError(e.getMessage() + "; " + clients.stream().map(c -> c.source() + " sent "
                            + c.sent() + ", acked " + c.acked()).toList() + " at " + phaseTime(), e);
                }
                long[] acksBefore = clients.stream().mapToLong(TcpEventClient::highestAckReceived).toArray();
                List<Long> sentBefore = clients.stream().map(TcpEventClient::sent).toList();
                crashed.kill();
                System.out.printf("kill %d at %.1f s: acks %s, sent %s%n", k, (System.nanoTime() - started) / 1e9,
                        java.util.Arrays.toString(acksBefore), sentBefore);
                // what a crash leaves on disk holds every acknowledged event
                JournalContents afterKill = JournalContents.read(crashed.journalDirectory());
                for (int i = 0; i < clients.size(); i++) {
                    assertEquals("journal after kill " + k + " misses acknowledged events of " + SOURCES[i],
                            List.of(), head(afterKill.missing(SOURCES[i], acksBefore[i])));
                }
                for (int i = 0; i < clients.size(); i++) {
                    ackedAtStart[i] = clients.get(i).acked();
                }
                // the sources come back as soon as the TCP port is open, well before health says UP
                // (the HTTP side comes last): the next kill waits for them, not for the health, or
                // at 400 events/s they may have sent and acknowledged everything by then
                crashed.startProcess();
                phase("started again after kill " + k);
            }
            crashed.awaitHealthy(Duration.ofMinutes(5));
            phase("up after the kills: " + clients.stream().map(c -> c.source() + " sent " + c.sent() + ", acked "
                    + c.acked()).toList());
            for (TcpEventClient c : clients) {
                c.awaitAllAcked(Duration.ofMinutes(5));
            }
            phase("all acknowledged");
            for (TcpEventClient c : clients) {
                c.close();
                assertEquals(c.source() + " acks taken back", List.of(), c.violations());
                assertEquals(c.source() + " nacks", List.of(), c.nacks());
                assertEquals(c.source() + " errors", List.of(), c.errors());
                System.out.printf("%s: sent %d, resent %d, hello lastSeqs %s%n", c.source(), c.sent(), c.resent(),
                        c.helloLastSeqs());
            }
            assertEquals(List.of(), head(StatSet.differences(expected, settled(crashed))));
            phase("statistics settled after the kills");

            JournalContents journal = JournalContents.read(crashed.journalDirectory());
            System.out.println("journal: " + journal);
            for (TcpEventClient c : clients) {
                assertEquals("journal misses acknowledged events of " + c.source(), List.of(),
                        head(journal.missing(c.source(), c.acked())));
                assertEquals(perSource, c.acked());
            }
            assertEquals("events journaled twice", 0, journal.duplicates());
            assertEventLogHoldsEveryEventOnce(crashed, clients, "after the kills");
            phase("file event log checked");

            // and once more from the journal alone, with nothing in flight
            crashed.kill();
            crashed.start();
            phase("up again after the last kill");
            assertEquals(List.of(), head(StatSet.differences(expected, settled(crashed))));
            assertTrue(crashed.isUp());
            phase("statistics settled after the last restart");
            assertEventLogHoldsEveryEventOnce(crashed, clients, "after the last restart");

            // the database and the queue are read once the sinks have caught up and the server has
            // stopped (so nothing is still being written)
            for (String sink : List.of("jdbc", "jms")) {
                awaitSinkPosition(crashed, sink, clients);
                phase(sink + " event logger caught up");
            }
            crashed.stop();
            phase("crashed server stopped");
            assertDatabaseHoldsEveryEventOnce(db, clients);
            phase("event database checked");
            assertQueueHoldsEveryEventOnce(broker, clients);
            phase("event queue checked");
        } finally {
            crashed.close();
            broker.close();
            try {
                network.shutdown();
            } catch (Exception e) {
                System.out.println("Derby network server shutdown: " + e);
            }
        }
    }

    /** The same events into a fresh instance, nothing killed: the statistics the crashed one must end with. */
    private static Map<String, JsonNode> cleanRun(int perSource) throws Exception {
        Map<String, JsonNode> expected;
        try (ForkedServer clean = ForkedServer.create(Path.of("target/crash/clean"), options())) {
            clean.start(Duration.ofMinutes(5));
            phase("clean server up");
            List<TcpEventClient> clients = new ArrayList<>();
            for (int i = 0; i < SOURCES.length; i++) {
                clients.add(clean.tcpClient(SOURCES[i], generator(i)).start(perSource));
            }
            for (TcpEventClient c : clients) {
                c.awaitAllAcked(Duration.ofMinutes(5));
                assertEquals(c.source() + " nacks", List.of(), c.nacks());
                c.close();
            }
            phase("clean run acknowledged");
            expected = settled(clean);
            phase("clean run settled");
            clean.stop();
            phase("clean server stopped");
        }
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            assertEquals("clean run, " + e.getKey() + ": " + e.getValue(), 200, e.getValue().get("status").asInt());
        }
        return expected;
    }

    private static final String QUEUE = "crash.events";

    /** The bus records a batch as written once the sink's write returned (committed): then it is in the sink. */
    private static void awaitSinkPosition(ForkedServer s, String sink, List<TcpEventClient> clients) throws Exception {
        Path position = s.data().resolve("journal-sink-positions").resolve(sink + ".position");
        Poll.until("the " + sink + " event logger's position at every acknowledged event", Duration.ofMinutes(2),
                Duration.ofMillis(250), () -> {
                    if (!java.nio.file.Files.isRegularFile(position)) {
                        return false;
                    }
                    List<String> lines = java.nio.file.Files.readAllLines(position);
                    return clients.stream().allMatch(c -> lines.contains("seq " + c.acked() + " " + c.source()));
                });
    }

    /**
     * The JDBC event logger's network database, read through this JVM's engine that serves it: every acknowledged
     * event once in EVENTS (the key (SOURCE, SEQ) would refuse a second row, so a replay that
     * tried to write one again would have stalled the sink), the positions at the last ack, and the
     * derived tables counted once per event: a replayed batch derives nothing again.
     */
    private static void assertDatabaseHoldsEveryEventOnce(Path db, List<TcpEventClient> clients) throws Exception {
        String url = "jdbc:derby:" + db.toAbsolutePath();
        JournalContents rows = JournalContents.tally();
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                java.sql.Statement st = c.createStatement()) {
            try (java.sql.ResultSet r = st.executeQuery("SELECT SOURCE, SEQ FROM EVENTS")) {
                while (r.next()) {
                    rows.add(r.getString(1), r.getLong(2));
                }
            }
            try (java.sql.ResultSet r = st.executeQuery("SELECT SOURCE, LAST_SEQ FROM EVENTS_POSITIONS")) {
                while (r.next()) {
                    counts.put("position " + r.getString(1), r.getLong(2));
                }
            }
            Map<String, String> queries = new java.util.LinkedHashMap<>();
            queries.put("login events", "SELECT COUNT(*) FROM EVENTS WHERE TYPE = 'AgentLogin'");
            queries.put("logout events", "SELECT COUNT(*) FROM EVENTS WHERE TYPE = 'AgentLogout'");
            queries.put("login pairs", "SELECT COUNT(*) FROM EVENTS_LOGINS");
            queries.put("login pairs logged out", "SELECT COUNT(*) FROM EVENTS_LOGINS WHERE LOGOUT_SEQ IS NOT NULL");
            queries.put("pairs in sessions", "SELECT COALESCE(SUM(PAIRS), 0) FROM EVENTS_SESSIONS");
            queries.put("sessions", "SELECT COUNT(*) FROM EVENTS_SESSIONS");
            queries.put("sessions open", "SELECT COUNT(*) FROM EVENTS_SESSIONS WHERE LOGOUT_TS IS NULL");
            queries.put("login pairs open", "SELECT COUNT(*) FROM EVENTS_LOGINS WHERE LOGOUT_SEQ IS NULL");
            queries.put("call events", "SELECT COUNT(*) FROM EVENTS WHERE TYPE LIKE 'Call%' AND CALL_ID IS NOT NULL");
            queries.put("calls' events", "SELECT COALESCE(SUM(EVENTS), 0) FROM EVENTS_CALLS");
            queries.put("calls", "SELECT COUNT(*) FROM EVENTS_CALLS");
            queries.put("call ids", "SELECT COUNT(*) FROM (SELECT DISTINCT TENANT, CALL_ID FROM EVENTS "
                    + "WHERE TYPE LIKE 'Call%' AND CALL_ID IS NOT NULL) AS D");
            for (Map.Entry<String, String> q : queries.entrySet()) {
                try (java.sql.ResultSet r = st.executeQuery(q.getValue())) {
                    r.next();
                    counts.put(q.getKey(), r.getLong(1));
                }
            }
        } finally {
            try {
                java.sql.DriverManager.getConnection(url + ";shutdown=true").close();
            } catch (java.sql.SQLException expected) {
                // 08006: shut down
            }
        }
        System.out.println("event database: " + rows + "; " + counts);
        for (TcpEventClient c : clients) {
            assertEquals("event database misses events of " + c.source(), List.of(), head(rows.missing(c.source(), c.acked())));
            assertEquals("event database rows of " + c.source(), c.acked(), rows.count(c.source()));
            assertEquals("event database position of " + c.source(), (Long) c.acked(), counts.get("position " + c.source()));
        }
        assertEquals("event database rows twice", 0, rows.duplicates());
        assertTrue("logins in the load: " + counts, counts.get("login events") > 0);
        // each agent belongs to one source and logs in again only after its logout: one pair, one session a login
        assertEquals("one login pair per login event: " + counts, counts.get("login events"), counts.get("login pairs"));
        assertEquals("each logout closes its pair: " + counts, counts.get("logout events"),
                counts.get("login pairs logged out"));
        assertEquals("each pair in one session: " + counts, counts.get("login pairs"), counts.get("pairs in sessions"));
        assertEquals("one session per login: " + counts, counts.get("login pairs"), counts.get("sessions"));
        assertEquals("sessions still open: " + counts, counts.get("login pairs open"), counts.get("sessions open"));
        assertEquals("each call event counted once in its call: " + counts, counts.get("call events"),
                counts.get("calls' events"));
        assertEquals("one row per call: " + counts, counts.get("call ids"), counts.get("calls"));
    }

    /**
     * The JMS event logger sends each batch in one transaction and the bus saves its position
     * after the commit, so a kill in between sends the batch again: the broker's duplicate
     * detection (the sink's {@code _AMQ_DUPL_ID} = source:seq) drops the repeat, so the queue
     * holds each event once.
     */
    private static void assertQueueHoldsEveryEventOnce(JmsBroker broker, List<TcpEventClient> clients)
            throws Exception {
        JournalContents queue = JournalContents.tally();
        long wrong = 0;
        for (JmsBroker.Received m : broker.drain(QUEUE, 2000)) {
            queue.add(m.source(), m.seq());
            if (!(m.source() + ":" + m.seq()).equals(m.duplicateId())
                    || !m.source().equals(m.body().get("source").asText()) || m.seq() != m.body().get("seq").asLong()) {
                wrong++;
            }
        }
        System.out.println("event queue: " + queue);
        for (TcpEventClient c : clients) {
            assertEquals("event queue misses events of " + c.source(), List.of(), head(queue.missing(c.source(), c.acked())));
            assertEquals("event messages of " + c.source(), c.acked(), queue.count(c.source()));
        }
        assertEquals("event messages twice: " + queue, 0, queue.duplicates());
        assertEquals("messages whose properties do not match their body", 0, wrong);
    }

    /**
     * The sink is fed from the journal behind the engine, so it is waited for; then each source's
     * events are there from 1 to the last acknowledged, none twice (its writes skip by seq what a
     * replay after a kill brings again).
     */
    private static void assertEventLogHoldsEveryEventOnce(ForkedServer s, List<TcpEventClient> clients, String when)
            throws Exception {
        Path dir = s.data().resolve("eventlog");
        Poll.until("the file event logger holds every acknowledged event " + when, Duration.ofMinutes(2),
                Duration.ofMillis(250), () -> {
                    JournalContents log = JournalContents.readEventLog(dir);
                    return clients.stream().allMatch(c -> log.count(c.source()) >= c.acked());
                });
        JournalContents log = JournalContents.readEventLog(dir);
        System.out.println("event log " + when + ": " + log);
        for (TcpEventClient c : clients) {
            assertEquals("event log misses events of " + c.source() + " " + when, List.of(),
                    head(log.missing(c.source(), c.acked())));
            assertEquals("event log of " + c.source() + " " + when, c.acked(), log.count(c.source()));
        }
        assertEquals("events in the event log twice " + when + ": " + log, 0, log.duplicates());
        assertEquals("unreadable event log lines " + when + ": " + log, 0, log.unreadable());
    }

    private static Map<String, JsonNode> settled(ForkedServer s) throws Exception {
        return Poll.settled("the statistics", Duration.ofMinutes(2), Duration.ofMillis(500),
                () -> STATS.peek(s.http()));
    }

    private static <T> List<T> head(List<T> l) {
        return l.size() <= 20 ? l : l.subList(0, 20);
    }
}
