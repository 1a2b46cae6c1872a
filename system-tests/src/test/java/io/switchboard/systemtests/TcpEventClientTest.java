package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.Test;

/** The client's resume logic against a scripted server that drops the connection once. */
public class TcpEventClientTest {

    private static String event(long seq) {
        return "{\"type\":\"AgentReady\",\"source\":\"s\",\"seq\":" + seq + "}";
    }

    /**
     * First connection: lastSeq 0, reads 10 lines, acks 5, drops. Second: says it has
     * {@code secondLastSeq} durable, reads the rest, acks 20.
     */
    private static List<Long> script(ServerSocket server, long secondLastSeq) throws Exception {
        List<Long> received = Collections.synchronizedList(new ArrayList<>());
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertEquals("{\"hello\":\"s\"}", in.readLine());
            out.write("{\"source\":\"s\",\"lastSeq\":0}\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 10; i++) {
                received.add(seqOf(in.readLine()));
            }
            out.write("{\"ack\":5}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(200);
        }
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertEquals("{\"hello\":\"s\"}", in.readLine());
            out.write(("{\"source\":\"s\",\"lastSeq\":" + secondLastSeq + "}\n").getBytes(StandardCharsets.UTF_8));
            long last = secondLastSeq;
            while (last < 20) {
                long seq = seqOf(in.readLine());
                received.add(seq);
                last = seq;
            }
            out.write("{\"ack\":20}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.readLine();
        } catch (java.io.IOException closedByClient) {
            // the client closes once everything is acknowledged
        }
        return received;
    }

    private static long seqOf(String line) {
        return Long.parseLong(line.replaceAll(".*\"seq\":(\\d+).*", "$1"));
    }

    @Test
    public void reconnectsAndResendsWhatTheServerDoesNotHave() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            List<List<Long>> got = new ArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    got.add(script(server, 7));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            try (TcpEventClient c = new TcpEventClient("127.0.0.1", server.getLocalPort(), "s",
                    TcpEventClientTest::event).pacing(seq -> seq <= 10 ? 0 : System.nanoTime() + 1_000_000)) {
                c.start(20);
                c.awaitAllAcked(Duration.ofSeconds(20));
                assertEquals(20, c.acked());
                assertEquals(List.of(), c.violations());
                assertEquals(List.of(0L, 7L), c.helloLastSeqs());
            }
            t.join(5000);
            List<Long> seqs = got.get(0);
            // 1..10, then from 8 on: the overlap 8..10 again, then the rest
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), seqs.subList(0, 10));
            assertEquals(8L, (long) seqs.get(10));
            assertEquals(20L, (long) seqs.get(seqs.size() - 1));
        }
    }

    @Test
    public void anAckTakenBackIsAViolation() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try {
                    script(server, 3);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            try (TcpEventClient c = new TcpEventClient("127.0.0.1", server.getLocalPort(), "s",
                    TcpEventClientTest::event).pacing(seq -> seq <= 10 ? 0 : System.nanoTime() + 1_000_000)) {
                c.start(20);
                c.awaitAllAcked(Duration.ofSeconds(20));
                assertEquals(1, c.violations().size());
                assertTrue(c.violations().get(0), c.violations().get(0).contains("lastSeq is 3"));
            }
            t.join(5000);
        }
    }

    @Test
    public void aClusterClientPassesADownNodeAndFollowsARedirectToTheOwner() throws Exception {
        int down;
        try (ServerSocket gone = new ServerSocket(0)) {
            down = gone.getLocalPort();
        }
        try (ServerSocket other = new ServerSocket(0); ServerSocket owner = new ServerSocket(0)) {
            List<Long> received = Collections.synchronizedList(new ArrayList<>());
            Thread redirecting = new Thread(() -> {
                try (Socket s = other.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    assertEquals("{\"hello\":\"s\"}", in.readLine());
                    s.getOutputStream().write(("{\"source\":\"s\",\"lastSeq\":0,\"owner\":\"c\",\"redirect\":\"127.0.0.1:"
                            + owner.getLocalPort() + "\"}\n").getBytes(StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread owning = new Thread(() -> {
                try (Socket s = owner.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    assertEquals("{\"hello\":\"s\"}", in.readLine());
                    out.write("{\"source\":\"s\",\"lastSeq\":0}\n".getBytes(StandardCharsets.UTF_8));
                    while (received.size() < 5) {
                        received.add(seqOf(in.readLine()));
                    }
                    out.write("{\"ack\":5}\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    in.readLine();
                } catch (java.io.IOException closedByClient) {
                    // the client closes once everything is acknowledged
                }
            });
            redirecting.start();
            owning.start();
            List<java.net.InetSocketAddress> nodes = List.of(new java.net.InetSocketAddress("127.0.0.1", down),
                    new java.net.InetSocketAddress("127.0.0.1", other.getLocalPort()),
                    new java.net.InetSocketAddress("127.0.0.1", owner.getLocalPort()));
            try (TcpEventClient c = new TcpEventClient(nodes, "s", TcpEventClientTest::event)) {
                c.start(5);
                c.awaitAllAcked(Duration.ofSeconds(20));
                assertEquals(5, c.acked());
                assertEquals(1, c.redirects());
                assertTrue("failovers " + c.failovers(), c.failovers() >= 1);
                assertEquals(List.of(), c.violations());
            }
            redirecting.join(5000);
            owning.join(5000);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), received);
        }
    }
}
