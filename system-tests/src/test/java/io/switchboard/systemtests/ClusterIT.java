package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Three Karaf processes of the distribution forming one cluster from one solution file (API.md,
 * "Cluster"): every node lists every member; a source is owned by one node and a hello elsewhere
 * is redirected to it; a node SIGKILLed while a source streams to it loses no acknowledged event:
 * the source resumes on another node from a position that covers every ack it got, and the
 * cluster counts every event exactly once.
 */
public class ClusterIT {

    private static final long BASE = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();
    private static final int EVENTS = Integer.getInteger("cluster.events", 20000);
    private static List<ForkedServer> nodes;
    private static volatile boolean bKilled;

    @BeforeClass
    public static void threeProcesses() throws Exception {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        sources.put("a", List.of("pbx-a*"));
        sources.put("b", List.of("pbx-b*"));
        sources.put("c", List.of());
        nodes = ForkedServer.solution(Path.of("target/cluster"), "ci",
                new ForkedServer.Options().eventClock(true).javaMaxMem("512m"), sources);
        for (ForkedServer n : nodes) {
            n.startProcess();
        }
        for (ForkedServer n : nodes) {
            n.awaitHealthy(Duration.ofMinutes(4));
        }
        Poll.until("three members on every node", Duration.ofMinutes(2), Duration.ofMillis(200), () -> {
            for (ForkedServer n : nodes) {
                JsonNode c = n.http().get("/api/v1/cluster").json();
                int up = 0;
                for (JsonNode m : c.get("members")) {
                    up += m.get("up").asBoolean() ? 1 : 0;
                }
                if (up != 3) {
                    return false;
                }
            }
            return true;
        });
    }

    @AfterClass
    public static void close() {
        if (nodes != null) {
            nodes.forEach(ForkedServer::close);
        }
    }

    @Test
    public void everyNodeListsTheSolutionsMembersWithTheirAddresses() throws Exception {
        JsonNode c = nodes.get(2).http().get("/api/v1/cluster").expect(200).json();
        assertEquals("ci", c.get("name").asText());
        List<String> names = new ArrayList<>();
        for (JsonNode m : c.get("members")) {
            names.add(m.get("name").asText());
            ForkedServer n = nodes.get(names.size() - 1);
            assertEquals("127.0.0.1:" + n.gridPort(), m.get("address").asText());
            assertEquals("127.0.0.1:" + n.httpPort(), m.get("http").asText());
            assertEquals(m.toString(), !(bKilled && n == nodes.get(1)), m.get("up").asBoolean());
        }
        assertEquals(List.of("a", "b", "c"), names);
    }

    @Test
    public void aHelloOnANodeThatDoesNotOwnTheSourceIsRedirectedToItsOwner() throws Exception {
        // pbx-a1 is a's first: taken there, then refused on c with a's TCP address
        assertEquals(null, hello(nodes.get(0), "pbx-a1").get("redirect"));
        JsonNode answer = hello(nodes.get(2), "pbx-a1");
        assertEquals(answer.toString(), "a", answer.get("owner").asText());
        assertEquals("127.0.0.1:" + nodes.get(0).tcpPort(), answer.get("redirect").asText());
        assertTrue(answer.has("lastSeq"));
    }

    @Test
    public void aNodeKilledWhileASourceStreamsToItLosesNoAcknowledgedEvent() throws Exception {
        EventGenerator g = new EventGenerator("demo", "pbx-b7", EventGenerator.demoAgents(1, 10),
                List.of("sales", "support", "billing"), 77, EventGenerator.Mix.FULL, seq -> BASE + seq * 700);
        List<String> lines = g.take(EVENTS);
        ForkedServer b = nodes.get(1);
        long ackedOnB;
        try (TcpEventClient client = b.tcpClient("pbx-b7", seq -> seq <= EVENTS ? lines.get((int) seq - 1) : null)
) {
            client.start(EVENTS);
            Poll.until("half the events acknowledged by b", Duration.ofMinutes(3), Duration.ofMillis(10),
                    () -> client.acked() >= EVENTS / 2);
            b.kill();
            bKilled = true;
            ackedOnB = client.acked();
        }
        ForkedServer a = nodes.get(0);
        Poll.until("b gone from the cluster", Duration.ofMinutes(2), Duration.ofMillis(200), () -> {
            for (JsonNode m : a.http().get("/api/v1/cluster").json().get("members")) {
                if (m.get("name").asText().equals("b")) {
                    return !m.get("up").asBoolean();
                }
            }
            return false;
        });
        // b is gone: a takes the source over, from a position covering every ack b gave
        JsonNode hello = hello(a, "pbx-b7");
        assertEquals(hello.toString(), null, hello.get("redirect"));
        assertTrue("resume at " + hello.get("lastSeq") + " before the " + ackedOnB + " acknowledged",
                hello.get("lastSeq").asLong() >= ackedOnB);
        try (TcpEventClient client = a.tcpClient("pbx-b7", seq -> seq <= EVENTS ? lines.get((int) seq - 1) : null)) {
            client.start(EVENTS);
            client.awaitAllAcked(Duration.ofMinutes(3));
            assertEquals(List.of(), client.violations());
        }
        long entered = lines.stream().filter(l -> l.contains("\"type\":\"CallQueued\"")).count();
        String peek = "{\"statType\":\"CallsEntered\",\"object\":{\"tenant\":\"demo\",\"type\":\"Tenant\",\"id\":\"demo\"},"
                + "\"timeProfile\":\"Always\"}";
        for (ForkedServer n : List.of(a, nodes.get(2))) {
            JsonNode v = n.http().post("/api/v1/stats/peek", peek).expect(200).json();
            assertEquals("calls entered on the node of port " + n.httpPort() + ": " + v, entered,
                    v.get("value").asLong());
        }
        // b comes back with a journal holding events it never applied: its replay beyond the
        // cluster's positions must not count again what the source resent to a
        b.start(Duration.ofMinutes(4));
        bKilled = false;
        for (ForkedServer n : List.of(b, a)) {
            JsonNode v = n.http().post("/api/v1/stats/peek", peek).expect(200).json();
            assertEquals("after b rejoined, on the node of port " + n.httpPort() + ": " + v, entered,
                    v.get("value").asLong());
        }
    }

    @Test
    public void aNodePausedPastTheFailureDetectorComesBackWithTheClustersValues() throws Exception {
        ForkedServer c = nodes.get(2);
        ForkedServer a = nodes.get(0);
        EventGenerator g = new EventGenerator("demo", "pbx-a-pause", EventGenerator.demoAgents(11, 10),
                List.of("sales", "support", "billing"), 91, EventGenerator.Mix.FULL, seq -> BASE + 3_600_000 + seq * 700);
        List<String> lines = g.take(2000);
        String peek = "{\"statType\":\"CallsEntered\",\"object\":{\"tenant\":\"demo\",\"type\":\"Tenant\",\"id\":\"demo\"},"
                + "\"timeProfile\":\"Always\"}";
        long before = a.http().post("/api/v1/stats/peek", peek).expect(200).json().get("value").asLong();
        signal("STOP", c);
        try (TcpEventClient client = a.tcpClient("pbx-a-pause", seq -> seq <= 2000 ? lines.get((int) seq - 1) : null)) {
            client.start(2000);
            // the events go in while c is paused (30 s: twice the failure detector's 15 s)
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
            signal("CONT", c);
            client.awaitAllAcked(Duration.ofMinutes(3));
        }
        long entered = before + lines.stream().filter(l -> l.contains("\"type\":\"CallQueued\"")).count();
        Poll.until("c merged back with the cluster's values", Duration.ofMinutes(3), Duration.ofMillis(500), () -> {
            JsonNode v = c.http().post("/api/v1/stats/peek", peek).json();
            return v.has("value") && v.get("value").asLong() == entered;
        });
        assertEquals(entered, a.http().post("/api/v1/stats/peek", peek).expect(200).json().get("value").asLong());
    }

    private static void signal(String name, ForkedServer n) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(n.pid())).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    /** The answer to a bare hello (the connection is closed right after). */
    private static JsonNode hello(ForkedServer n, String source) throws Exception {
        try (Socket s = new Socket("127.0.0.1", n.tcpPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("{\"hello\":\"" + source + "\"}\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            return Http.JSON.readTree(in.readLine());
        }
    }
}
