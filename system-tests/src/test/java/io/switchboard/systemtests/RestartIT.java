package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Issue #5's restart tests on the real distribution: opened statistics keep their refs and
 * values across a clean stop/start and across SIGKILL + start; and the pool's backup file written
 * by one instance restores in another.
 *
 * <p>What "restores" means: the backup holds the pool (definitions, refs, notification
 * settings) and the state values come from (objects, calls, and the source positions it covers).
 * So instance B started with A's backup and no journal has A's whole pool and A's values at once
 * (every ref of A answers with A's value, nothing re-opened, no event sent), and it knows how far
 * each source got: a source that resends everything finds it all there (hello lastSeq = the
 * last event A had).
 */
public class RestartIT {

    private static final long BASE = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();

    private static EventGenerator generator() {
        return new EventGenerator("demo", "pbx-r", EventGenerator.demoAgents(1, 20),
                List.of("sales", "support", "billing"), 77, EventGenerator.Mix.FULL, seq -> BASE + seq * 900);
    }

    private static ForkedServer.Options options() {
        // a short backup interval, so that statistics opened shortly before a SIGKILL are in a backup
        return new ForkedServer.Options().eventClock(true).javaMaxMem("768m")
                .set("io.switchboard.stats", "autoBackupInterval", "PT2S");
    }

    @Test
    public void valuesSurviveStopStartAndKillStartAndTheBackupRestoresInAnotherInstance() throws Exception {
        StatSet all = StatSet.demo(20);
        List<String> bodies = new ArrayList<>(all.bodies().values());
        List<String> firstHalf = bodies.subList(0, bodies.size() / 2);
        List<String> secondHalf = bodies.subList(bodies.size() / 2, bodies.size());
        List<String> refs = new ArrayList<>();
        Map<String, JsonNode> values;
        Path backupOfA = Path.of("target/restart/a-stat-pool.bin");

        try (ForkedServer a = ForkedServer.create(Path.of("target/restart/a"), options())) {
            a.start();
            refs.addAll(open(a, firstHalf));
            feed(a, 1, 3000);
            Map<String, JsonNode> before = read(a, refs);

            a.stop();
            assertTrue("a clean stop writes the pool's backup", Files.isRegularFile(a.backupFile()));
            a.start();
            assertEquals(List.of(), diff(before, read(a, refs)));

            // opened after the restart, then fed; the next SIGKILL must lose none of it
            Instant openedAt = Instant.now();
            refs.addAll(open(a, secondHalf));
            feed(a, 3001, 4500);
            values = read(a, refs);
            // configuration changed through the API outlives the restart, a deletion of a seeded object too
            Instant changedAt = Instant.now();
            a.http().delete("/api/v1/config/demo/Agent/agent-001").expect(204);
            a.http().put("/api/v1/config/demo/Agent/agent-new", "{\"name\":\"New Hire\"}").expect(200);
            Instant covered = changedAt.isAfter(openedAt.plusSeconds(1)) ? changedAt : openedAt.plusSeconds(1);
            Poll.until("an automatic backup after the second opens and the configuration changes",
                    Duration.ofSeconds(30), () -> Files.getLastModifiedTime(a.backupFile())
                            .compareTo(FileTime.from(covered.plusSeconds(1))) > 0);
            a.kill();
            a.start();
            assertEquals(List.of(), diff(values, read(a, refs)));
            a.http().get("/api/v1/config/demo/Agent/agent-001").expect(404);
            assertEquals("New Hire", a.http().get("/api/v1/config/demo/Agent/agent-new").expect(200).json()
                    .get("name").asText());

            a.stop();
            Files.createDirectories(backupOfA.getParent());
            Files.copy(a.backupFile(), backupOfA, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        // B backs up by the hour: what it keeps of a definition changed just before a crash is the
        // backup that the change itself brings about
        try (ForkedServer b = ForkedServer.create(Path.of("target/restart/b"),
                options().set("io.switchboard.stats", "autoBackupInterval", "PT1H"))) {
            b.copyIn(backupOfA, Path.of("data/stat-pool.bin"));
            b.start();
            // the whole pool is there before anyone opened anything on B, with A's values
            for (String ref : refs) {
                b.http().get("/api/v1/stats/" + ref).expect(200);
            }
            b.http().get("/api/v1/stats/not-a-ref").expect(404);
            // Jolokia boots too, and its taking over Jetty's "/" context came before the API's servlets
            assertEquals(200, b.http().post("/jolokia", "{\"type\":\"read\",\"mbean\":\"io.switchboard:type=Engine\","
                    + "\"attribute\":\"OpenStatistics\"}").status());
            assertEquals(List.of(), diff(values, read(b, refs)));
            // the source, reconnecting to B, resends whatever B says it lacks: nothing may count twice
            List<Long> hello = resend(b, 4500);
            assertEquals(List.of(), diff(values, read(b, refs)));
            assertEquals("B knows the positions of A's backup", List.of(4500L), hello);

            FileTime before = Files.getLastModifiedTime(b.backupFile());
            b.http().put("/api/v1/config/demo/Queue/late-queue", "{\"name\":\"Opened late\"}").expect(200);
            b.http().put("/api/v1/timeprofiles/Shift", "{\"type\":\"growing\",\"reset\":[\"08:00\",\"20:00\"],"
                    + "\"zone\":\"UTC\"}").expect(200);
            Poll.until("a backup within seconds of the definitions' change", Duration.ofSeconds(15),
                    () -> Files.getLastModifiedTime(b.backupFile()).compareTo(before) > 0);
            b.kill();
            b.start();
            b.http().get("/api/v1/config/demo/Queue/late-queue").expect(200);
            b.http().get("/api/v1/timeprofiles/Shift").expect(200);
            assertEquals(List.of(), diff(values, read(b, refs)));
        }
    }

    private static List<String> open(ForkedServer s, List<String> bodies) throws Exception {
        List<String> refs = new ArrayList<>();
        for (String body : bodies) {
            String withMode = body.substring(0, body.length() - 1) + ",\"notification\":{\"mode\":\"changes\"}}";
            refs.add(s.http().post("/api/v1/stats", withMode).expect(201).json().get("ref").asText());
        }
        return refs;
    }

    /** Sends events {@code from..to} of the generator (the first ones are generated and skipped). */
    private static void feed(ForkedServer s, long from, long to) throws Exception {
        EventGenerator g = generator();
        List<String> lines = g.take((int) to);
        try (TcpEventClient c = s.tcpClient("pbx-r", seq -> seq <= to ? lines.get((int) seq - 1) : null)) {
            c.start(to);
            c.awaitAllAcked(Duration.ofMinutes(3));
            assertEquals(List.of(), c.nacks());
            assertTrue("resumed at " + c.helloLastSeqs(), c.helloLastSeqs().get(0) == from - 1);
        }
    }

    /** Sends the events a fresh connection of the source is asked for; returns the hello's lastSeq. */
    private static List<Long> resend(ForkedServer s, long to) throws Exception {
        List<String> lines = generator().take((int) to);
        try (TcpEventClient c = s.tcpClient("pbx-r", seq -> seq <= to ? lines.get((int) seq - 1) : null)) {
            c.start(to);
            c.awaitAllAcked(Duration.ofMinutes(3));
            assertEquals(List.of(), c.nacks());
            return c.helloLastSeqs();
        }
    }

    private static Map<String, JsonNode> read(ForkedServer s, List<String> refs) throws Exception {
        // Health may say UP a moment before Pax Web has the statistics servlet back after a restart
        // (Jetty's own 404 page then answers); a ref the server lost stays 404 and fails here.
        Poll.until("the statistics of the restarted server answer", Duration.ofMinutes(1),
                () -> refs.isEmpty() || s.http().get("/api/v1/stats/" + refs.get(0)).status() == 200);
        return Poll.settled("the opened statistics", Duration.ofMinutes(2), Duration.ofMillis(500),
                () -> readOnce(s, refs));
    }

    private static Map<String, JsonNode> readOnce(ForkedServer s, List<String> refs) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String ref : refs) {
            out.put(ref, s.http().get("/api/v1/stats/" + ref).expect(200).json());
        }
        return out;
    }

    private static List<String> diff(Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        List<String> d = StatSet.differences(expected, actual);
        return d.size() <= 20 ? d : d.subList(0, 20);
    }
}
