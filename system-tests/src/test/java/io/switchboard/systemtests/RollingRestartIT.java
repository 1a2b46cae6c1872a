package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A rolling restart (issue #12): three processes of the distribution from one solution file, each
 * owning one event source first, take a steady Stat Server load over TCP (one source per node, each
 * client configured with every node's address) and interaction submits through every process's
 * proxy; each node in turn is stopped cleanly (SIGTERM) and started again, and the next one waits
 * until it is back in the cluster with every partition backed up. Then: no acknowledged event lost
 * or doubled (every source's position on every node is exactly what its client sent, the calls
 * entered per queue and for the tenant equal the CallQueued events sent, on every node), every
 * statistic of the demo set the same on every node, and every acknowledged submit stored once.
 *
 * <p>It forks three servers and restarts each (about four minutes on a 2-core machine), so it runs
 * only when asked: {@code -Drolling.restart=true} (system-tests/README.md).
 */
public class RollingRestartIT {

    private static final long BASE = Instant.parse("2026-03-03T08:00:00Z").toEpochMilli();
    /** Events per second of each source. */
    private static final int RATE = Integer.getInteger("rolling.rate", 150);
    /** How many times each node is restarted, in turn. */
    private static final int ROUNDS = Integer.getInteger("rolling.rounds", 1);
    private static List<ForkedServer> nodes;

    @BeforeClass
    public static void threeProcesses() throws Exception {
        Assume.assumeTrue("the rolling restart runs with -Drolling.restart=true", Boolean.getBoolean("rolling.restart"));
        Map<String, List<String>> sources = new LinkedHashMap<>();
        sources.put("a", List.of("pbx-a*"));
        sources.put("b", List.of("pbx-b*"));
        sources.put("c", List.of("pbx-c*"));
        nodes = ForkedServer.solution(Path.of("target/rolling"), "roll",
                new ForkedServer.Options().eventClock(true).javaMaxMem("512m"), sources);
        for (ForkedServer n : nodes) {
            n.startProcess();
        }
        for (ForkedServer n : nodes) {
            n.awaitHealthy(Duration.ofMinutes(4));
        }
        awaitWhole("the three started");
    }

    @AfterClass
    public static void close() {
        if (nodes != null) {
            nodes.forEach(ForkedServer::close);
        }
    }

    /** One source's load: its generator, the client, and what it generated. */
    private static final class Source {
        final String name;
        final EventGenerator generator;
        final TcpEventClient client;
        volatile boolean ending;
        final Map<String, Long> enteredByQueue = new TreeMap<>();
        long entered;

        Source(String name, int firstAgent, long seed) {
            this.name = name;
            generator = new EventGenerator("demo", name, EventGenerator.demoAgents(firstAgent, 6),
                    List.of("sales", "support", "billing"), seed, EventGenerator.Mix.FULL, seq -> BASE + seq * 700);
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (ForkedServer n : nodes) {
                addresses.add(new InetSocketAddress("127.0.0.1", n.tcpPort()));
            }
            // the stream is asked for each seq once, in order: what it generated is what was sent
            client = new TcpEventClient(addresses, name, seq -> ending ? null : generated(seq))
                    .pacing(Pacer.steady(RATE)).reconnectFor(Duration.ofMinutes(5));
        }

        private synchronized String generated(long seq) {
            EventGenerator.Event e = generator.nextEvent(seq);
            if (e.type().equals("CallQueued")) {
                entered++;
                enteredByQueue.merge(e.queue(), 1L, Long::sum);
            }
            return e.line();
        }
    }

    @Test
    public void eachNodeStoppedAndStartedInTurnUnderLoadLosesAndDoublesNothing() throws Exception {
        ForkedServer a = nodes.get(0);
        Poll.until("node1 serving through a's proxy", Duration.ofMinutes(2), Duration.ofMillis(250),
                () -> a.http().post("/api/v1/interactions", "{\"tenant\":\"roll\",\"media\":\"chat\",\"queue\":\"warm\"}",
                        Duration.ofSeconds(10)).status() == 201);
        List<Source> load = List.of(new Source("pbx-a1", 1, 101), new Source("pbx-b1", 7, 202),
                new Source("pbx-c1", 13, 303));
        SubmitLoad submits = new SubmitLoad("roll", nodes, Duration.ofMillis(20), Duration.ofSeconds(15));
        try {
            for (Source s : load) {
                s.client.start(0);
            }
            Poll.until("every source and the submits under way", Duration.ofMinutes(1), Duration.ofMillis(100),
                    () -> load.stream().allMatch(s -> s.client.acked() >= RATE) && submits.acked.size() >= 20);
            for (int round = 0; round < ROUNDS; round++) {
                for (ForkedServer n : nodes) {
                    restart(n, load, submits);
                }
            }
            for (Source s : load) {
                s.ending = true;
            }
            for (Source s : load) {
                s.client.awaitAllAcked(Duration.ofMinutes(3));
                assertNull(s.name + ": " + s.client.failure(), s.client.failure());
                assertEquals(s.name, List.of(), s.client.violations());
                assertEquals(s.name, List.of(), s.client.nacks());
                System.out.printf("RollingRestartIT: %s sent %d events (%d resent), %d redirects, %d failovers%n",
                        s.name, s.client.lastSeq(), s.client.resent(), s.client.redirects(), s.client.failovers());
            }
            submits.close();
            System.out.printf("RollingRestartIT: %d submits acknowledged, %d unsure %s%n", submits.acked.size(),
                    submits.unsure.get(), submits.unsureWhy);
            submits.verify(nodes.get(1));
        } finally {
            submits.close();
            for (Source s : load) {
                s.client.close();
            }
        }
        // every source's position, asked anywhere, is exactly what its client sent: nothing of it
        // lost, nothing beyond it
        for (Source s : load) {
            for (ForkedServer n : nodes) {
                assertEquals(s.name + "'s position on the node of port " + n.httpPort(), s.client.lastSeq(),
                        n.hello(s.name).get("lastSeq").asLong());
            }
        }
        long entered = 0;
        Map<String, Long> byQueue = new TreeMap<>();
        for (Source s : load) {
            synchronized (s) {
                entered += s.entered;
                s.enteredByQueue.forEach((q, k) -> byQueue.merge(q, k, Long::sum));
            }
        }
        for (ForkedServer n : nodes) {
            assertEquals("calls entered on the node of port " + n.httpPort(), entered, callsEntered(n, "Tenant", "demo"));
            for (Map.Entry<String, Long> q : byQueue.entrySet()) {
                assertEquals("calls entered in " + q.getKey() + " on the node of port " + n.httpPort(),
                        (long) q.getValue(), callsEntered(n, "Queue", q.getKey()));
            }
        }
        StatSet set = StatSet.demo(18);
        Map<String, JsonNode> onA = set.peek(a.http());
        for (ForkedServer n : nodes.subList(1, nodes.size())) {
            Map<String, JsonNode> there = set.peek(n.http());
            for (Map.Entry<String, JsonNode> e : onA.entrySet()) {
                assertEquals(e.getKey() + " on the node of port " + n.httpPort(), e.getValue(), there.get(e.getKey()));
            }
        }
        System.out.printf("RollingRestartIT: %d calls entered, %d statistics equal on the three nodes%n", entered,
                onA.size());
    }

    /** Stops one node cleanly under the load, checks the others carry it, starts it, waits for it to rejoin. */
    private static void restart(ForkedServer n, List<Source> load, SubmitLoad submits) throws Exception {
        String name = nodes.size() > 0 ? "abc".substring(nodes.indexOf(n), nodes.indexOf(n) + 1) : "?";
        long t0 = System.nanoTime();
        n.stop(Duration.ofMinutes(2));
        long stopped = System.nanoTime();
        List<ForkedServer> others = nodes.stream().filter(o -> o != n).toList();
        Poll.until(name + " gone from the others' lists", Duration.ofMinutes(1), Duration.ofMillis(200), () -> {
            for (ForkedServer o : others) {
                if (upMembers(o).contains(name)) {
                    return false;
                }
            }
            return true;
        });
        // the load goes on without it: every source's acks move on (its own source on another node)
        AtomicLong[] from = new AtomicLong[load.size()];
        for (int i = 0; i < load.size(); i++) {
            from[i] = new AtomicLong(load.get(i).client.acked());
        }
        Poll.until("every source acknowledged while " + name + " is down", Duration.ofMinutes(2), Duration.ofMillis(100),
                () -> {
                    for (int i = 0; i < load.size(); i++) {
                        if (load.get(i).client.acked() < from[i].get() + RATE) {
                            return false;
                        }
                    }
                    return true;
                });
        long carried = System.nanoTime();
        n.start(Duration.ofMinutes(4));
        long started = System.nanoTime();
        awaitWhole(name + " back");
        long whole = System.nanoTime();
        int acked = submits.acked.size();
        Poll.until("submits going on after " + name + " came back", Duration.ofMinutes(2), Duration.ofMillis(100),
                () -> submits.acked.size() >= acked + 10);
        System.out.printf("RollingRestartIT: %s stopped in %d ms, its source carried on by another node %d ms after, "
                + "started in %d ms, back in the cluster with every partition backed up %d ms after%n", name,
                (stopped - t0) / 1_000_000, (carried - stopped) / 1_000_000, (started - carried) / 1_000_000,
                (whole - started) / 1_000_000);
    }

    /** Every node lists the three members up and says every partition has its backup. */
    private static void awaitWhole(String what) throws Exception {
        Poll.until(what + ": three members up and safe on every node", Duration.ofMinutes(3), Duration.ofMillis(200),
                () -> {
                    for (ForkedServer n : nodes) {
                        JsonNode c = n.http().get("/api/v1/cluster").json();
                        if (upMembers(n).size() != 3 || !c.path("safe").asBoolean()) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private static List<String> upMembers(ForkedServer n) throws Exception {
        List<String> up = new ArrayList<>();
        try {
            for (JsonNode m : n.http().get("/api/v1/cluster").json().get("members")) {
                if (m.get("up").asBoolean()) {
                    up.add(m.get("name").asText());
                }
            }
        } catch (java.io.IOException e) {
            // a node that is starting or stopping: nothing listed yet
        }
        return up;
    }

    private static long callsEntered(ForkedServer n, String type, String id) throws Exception {
        JsonNode v = n.http().post("/api/v1/stats/peek", "{\"statType\":\"CallsEntered\",\"object\":{\"tenant\":\"demo\","
                + "\"type\":\"" + type + "\",\"id\":\"" + id + "\"},\"timeProfile\":\"Always\"}").expect(200).json();
        return v.get("value").asLong();
    }
}
