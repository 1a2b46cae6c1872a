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

    @Test
    public void killedAndRestartedServerEndsWithTheValuesOfACleanRun() throws Exception {
        int perSource = EVENTS / SOURCES.length;
        Map<String, JsonNode> expected;
        try (ForkedServer clean = ForkedServer.create(Path.of("target/crash/clean"), options())) {
            clean.start();
            List<TcpEventClient> clients = new ArrayList<>();
            for (int i = 0; i < SOURCES.length; i++) {
                clients.add(clean.tcpClient(SOURCES[i], generator(i)).start(perSource));
            }
            for (TcpEventClient c : clients) {
                c.awaitAllAcked(Duration.ofMinutes(5));
                assertEquals(c.source() + " nacks", List.of(), c.nacks());
                c.close();
            }
            expected = settled(clean);
            clean.stop();
        }
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            assertEquals("clean run, " + e.getKey() + ": " + e.getValue(), 200, e.getValue().get("status").asInt());
        }

        // the file event logger rides along: its files must hold every event once across the kills
        ForkedServer crashed = ForkedServer.create(Path.of("target/crash/crashed"),
                options().bootFeature("switchboard-eventlog-file"));
        try {
            crashed.start();
            List<TcpEventClient> clients = new ArrayList<>();
            for (int i = 0; i < SOURCES.length; i++) {
                clients.add(crashed.tcpClient(SOURCES[i], generator(i))
                        .pacing(Pacer.steady(RATE)).start(perSource));
            }
            long started = System.nanoTime();
            for (int k = 1; k <= KILLS; k++) {
                long threshold = (long) perSource * k / (KILLS + 1);
                // killed while events are in flight: sent, maybe read or journaled, not acknowledged
                Poll.until("events past " + threshold + " in flight", Duration.ofMinutes(5), Duration.ofMillis(10),
                        () -> clients.stream().allMatch(c -> c.sent() >= threshold && c.sent() > c.acked()));
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
                crashed.start();
            }
            for (TcpEventClient c : clients) {
                c.awaitAllAcked(Duration.ofMinutes(5));
            }
            for (TcpEventClient c : clients) {
                c.close();
                assertEquals(c.source() + " acks taken back", List.of(), c.violations());
                assertEquals(c.source() + " nacks", List.of(), c.nacks());
                assertEquals(c.source() + " errors", List.of(), c.errors());
                System.out.printf("%s: sent %d, resent %d, hello lastSeqs %s%n", c.source(), c.sent(), c.resent(),
                        c.helloLastSeqs());
            }
            assertEquals(List.of(), head(StatSet.differences(expected, settled(crashed))));

            JournalContents journal = JournalContents.read(crashed.journalDirectory());
            System.out.println("journal: " + journal);
            for (TcpEventClient c : clients) {
                assertEquals("journal misses acknowledged events of " + c.source(), List.of(),
                        head(journal.missing(c.source(), c.acked())));
                assertEquals(perSource, c.acked());
            }
            assertEquals("events journaled twice", 0, journal.duplicates());
            assertEventLogHoldsEveryEventOnce(crashed, clients, "after the kills");

            // and once more from the journal alone, with nothing in flight
            crashed.kill();
            crashed.start();
            assertEquals(List.of(), head(StatSet.differences(expected, settled(crashed))));
            assertTrue(crashed.isUp());
            assertEventLogHoldsEveryEventOnce(crashed, clients, "after the last restart");
        } finally {
            crashed.close();
        }
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
