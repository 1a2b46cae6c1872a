package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/**
 * Issue #6's pair across processes: the primary and the backup of interaction node "node1" run in
 * two Switchboard processes (A and B) on one database that a third (D) serves with its Derby
 * network server. A is killed with SIGKILL under a stream of submits; the client carries on
 * against B. Every submit that was acknowledged is there once, nothing else is, and the time from
 * the kill to B's first acknowledged submit is printed. Then the other direction: A comes back as
 * the waiting partner and takes over when B stops cleanly.
 */
public class InteractionPairIT {

    private static final String TENANT = "pairco";

    private static int freePort() throws IOException {
        return ForkedServer.freePorts(1)[0];
    }

    private static ForkedServer.Options instance(String role, String url) {
        String pid = "io.switchboard.ixn.node-node1";
        return new ForkedServer.Options().javaMaxMem("512m").set(pid, "name", "node1").set(pid, "role", role)
                .set(pid, "databaseUrl", url).set(pid, "leaseMillis", "3000").set(pid, "leasePollMillis", "100");
    }

    /** A client that submits with its own ids to whichever server answers, as a desktop behind a balancer would. */
    private static final class Submitter {
        final Set<String> attempted = new LinkedHashSet<>();
        final Set<String> acknowledged = new LinkedHashSet<>();
        final AtomicLong killedAt = new AtomicLong();
        final AtomicLong firstAfterKill = new AtomicLong();
        volatile ForkedServer target;
        /** The partner: the switchover ends with its first answer. */
        volatile ForkedServer takesOver;
        final AtomicBoolean running = new AtomicBoolean(true);
        int next;

        Submitter(ForkedServer first) {
            target = first;
        }

        void run() throws Exception {
            while (running.get()) {
                String id = "pair-" + next++;
                attempted.add(id);
                submitUntilStored(id);
            }
        }

        /** Retries one id until a server has it: 201, or 409 (it was stored before the answer was lost). */
        private void submitUntilStored(String id) throws Exception {
            long pause = 20;
            while (true) {
                ForkedServer s = target;
                Http.Response r;
                try {
                    r = s.http().post("/api/v1/interactions", "{\"tenant\":\"" + TENANT
                            + "\",\"media\":\"chat\",\"queue\":\"pairq\",\"id\":\"" + id + "\"}");
                } catch (IOException e) {
                    r = null;
                }
                if (r != null && (r.status() == 201 || r.status() == 409)) {
                    if (r.status() == 201) {
                        acknowledged.add(id);
                    }
                    if (s == takesOver && firstAfterKill.get() == 0) {
                        firstAfterKill.set(System.nanoTime());
                    }
                    return;
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 200);
            }
        }
    }

    @Test
    public void theBackupInAnotherProcessTakesOverAKilledPrimaryWithNothingLostNorDuplicated() throws Exception {
        int dbPort = freePort();
        String url = "jdbc:derby://127.0.0.1:" + dbPort + "/pair-node1";
        try (ForkedServer d = ForkedServer.create(Path.of("target/pair/d"), new ForkedServer.Options().javaMaxMem("512m")
                .set("io.switchboard.database", "networkServerPort", Integer.toString(dbPort)));
                ForkedServer a = ForkedServer.create(Path.of("target/pair/a"), instance("primary", url));
                ForkedServer b = ForkedServer.create(Path.of("target/pair/b"), instance("backup", url))) {
            d.start();
            // the backup starts once the primary serves: started together, a backup whose process
            // came up first on a loaded machine took the free lease, and A never became the primary
            a.startProcess();
            a.awaitHealthy(Duration.ofSeconds(300));
            // the proxy's 404 names the id; the not-found servlet's (no interaction API yet) names the path
            Poll.until("node1 served by A (the primary)", Duration.ofSeconds(60), () -> {
                Http.Response r = a.http().get("/api/v1/interactions/none-such");
                return r.status() == 404 && r.body().startsWith("{") && "id".equals(r.json().path("detail").asText());
            });
            b.startProcess();
            b.awaitHealthy(Duration.ofSeconds(300));

            Submitter client = new Submitter(a);
            CompletableFuture<Void> submits = CompletableFuture.runAsync(() -> {
                try {
                    client.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Poll.until("300 submits on A", Duration.ofSeconds(60), () -> client.acknowledged.size() >= 300);
            client.takesOver = b;
            client.killedAt.set(System.nanoTime());
            a.kill();
            client.target = b;
            int atKill = client.acknowledged.size();
            Poll.until("300 more submits on B", Duration.ofSeconds(60),
                    () -> client.acknowledged.size() >= atKill + 300);
            client.running.set(false);
            submits.get();
            double crashSwitchover = (client.firstAfterKill.get() - client.killedAt.get()) / 1e9;
            System.out.printf("[pair] SIGKILL of the primary: first submit acknowledged by the backup after %.2f s "
                    + "(lease 3 s); %d submits acknowledged, %d attempted%n", crashSwitchover,
                    client.acknowledged.size(), client.attempted.size());

            Set<String> stored = stored(b);
            assertTrue("every acknowledged submit is stored", stored.containsAll(client.acknowledged));
            assertEquals("nothing stored that was not submitted, nothing twice", new TreeSet<>(client.attempted),
                    stored);

            // the other way round: A comes back and waits; B stops cleanly and gives the lease back
            a.start();
            long stopAt = System.nanoTime();
            b.stop();
            Poll.until("A serves node1 again", Duration.ofSeconds(30), Duration.ofMillis(20),
                    () -> a.http().post("/api/v1/interactions", "{\"tenant\":\"" + TENANT
                            + "\",\"media\":\"chat\",\"queue\":\"pairq\",\"id\":\"after-clean-stop\"}").status() == 201);
            System.out.printf("[pair] clean stop of the serving instance (whole process): partner serving %.2f s "
                    + "after the stop began%n", (System.nanoTime() - stopAt) / 1e9);
            Set<String> expected = new TreeSet<>(client.attempted);
            expected.add("after-clean-stop");
            assertEquals(expected, stored(a));
        }
    }

    private static Set<String> stored(ForkedServer s) throws Exception {
        Http.Response r = s.http().post("/api/v1/interactions/find",
                "{\"tenant\":\"" + TENANT + "\",\"where\":{\"queue\":\"pairq\"},\"limit\":100000}");
        assertEquals(r.body(), 200, r.status());
        List<String> ids = new ArrayList<>();
        for (JsonNode i : r.json().get("interactions")) {
            ids.add(i.get("id").asText());
        }
        Set<String> unique = new TreeSet<>(ids);
        assertEquals("an id appears once", ids.size(), unique.size());
        return unique;
    }
}
