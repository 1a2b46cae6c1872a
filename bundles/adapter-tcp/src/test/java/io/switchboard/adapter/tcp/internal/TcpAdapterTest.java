package io.switchboard.adapter.tcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.event.SourceStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The protocol over a real Netty port, against an ingest service that records what it gets. */
public class TcpAdapterTest {

    private static final int PORT = 17021;

    /** Accepts lines with a "seq" in order per source, like the bus does. */
    static class RecordingIngest implements EventIngestService {
        final Map<String, Long> last = new ConcurrentHashMap<>();
        final List<String> applied = new ArrayList<>();
        private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

        @Override
        public IngestResult ingestLines(List<String> lines) {
            return ingestLines(lines, null);
        }

        @Override
        public IngestResult ingestDurable(List<String> lines, String source) {
            return ingestLines(lines, source);
        }

        @Override
        public synchronized IngestResult ingestLines(List<String> lines, String source) {
            int accepted = 0;
            int dups = 0;
            List<IngestResult.Rejection> rejected = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = SEQ.matcher(lines.get(i));
                if (!lines.get(i).startsWith("{") || !m.find()) {
                    rejected.add(new IngestResult.Rejection(i + 1, "not an event", null));
                    continue;
                }
                long seq = Long.parseLong(m.group(1));
                if (seq <= last.getOrDefault(source, 0L)) {
                    dups++;
                } else {
                    applied.add(lines.get(i));
                    last.put(source, seq);
                    accepted++;
                }
            }
            return new IngestResult(accepted, dups, rejected);
        }

        @Override
        public IngestResult ingest(List<CanonicalEvent> events) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long lastSeq(String source) {
            return last.getOrDefault(source, 0L);
        }

        @Override
        public List<SourceStats> sources() {
            return List.of();
        }

        @Override
        public long acceptedTotal() {
            return applied.size();
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

    private final RecordingIngest ingest = new RecordingIngest();
    private DefaultCamelContext camel;
    private TcpAdapter adapter;

    @Before
    public void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        TcpSession.Limits limits = new TcpSession.Limits(64 * 1024, 100, 1000,
                s -> "guarded".equals(s) ? "s3cret" : null, false);
        adapter = new TcpAdapter(new TcpAdapter.Settings("127.0.0.1", PORT, 3, 0, 100, 1, limits), ingest,
                System::currentTimeMillis);
        adapter.start(camel);
    }

    @After
    public void stop() throws Exception {
        adapter.stop();
        camel.close();
    }

    /** A client connection with line I/O and a read timeout. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final PrintWriter out;

        Client() throws Exception {
            socket = new Socket("127.0.0.1", PORT);
            socket.setSoTimeout(5000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        void send(String line) {
            out.print(line + "\n");
            out.flush();
        }

        String read() throws Exception {
            return in.readLine();
        }

        /** Reads lines until one starts with the prefix. */
        String readUntil(String prefix) throws Exception {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            return null;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private static String event(long seq) {
        return "{\"type\":\"AgentLogin\",\"source\":\"pbx\",\"seq\":" + seq + "}";
    }

    @Test
    public void helloEventsAcksNacksAndResumeWithOverlap() throws Exception {
        try (Client c = new Client()) {
            c.send("{\"hello\":\"pbx\"}");
            assertEquals("{\"source\":\"pbx\",\"lastSeq\":0}", c.read());
            for (int i = 1; i <= 5; i++) {
                c.send(event(i));
            }
            c.send("garbage");
            // the ack and the nack may come in either order, depending on batching
            List<String> lines = new ArrayList<>();
            while (!lines.contains("{\"ack\":5}") || lines.stream().noneMatch(l -> l.startsWith("{\"nack\""))) {
                lines.add(c.read());
            }
            assertTrue(lines.toString(), lines.contains("{\"nack\":null,\"error\":\"not an event\"}"));
        }
        try (Client c = new Client()) {
            c.send("{\"hello\":\"pbx\"}");
            assertEquals("{\"source\":\"pbx\",\"lastSeq\":5}", c.read());
            // the client resends a little too much; the overlap changes nothing
            for (int i = 4; i <= 8; i++) {
                c.send(event(i));
            }
            // acks may come for part of what was sent first (the overlap alone: 5 again); they never go back
            String ack;
            long previous = 5;
            while (!"{\"ack\":8}".equals(ack = c.readUntil("{\"ack\""))) {
                long m = Long.parseLong(ack.replaceAll("\\D", ""));
                assertTrue(ack, m >= previous && m < 8);
                previous = m;
            }
        }
        assertEquals(8, ingest.applied.size());
    }

    @Test
    public void aFirstLineThatIsNoHelloAndOverlongLinesCloseTheConnectionWithAReason() throws Exception {
        try (Client c = new Client()) {
            c.send(event(1));
            assertEquals("{\"error\":\"expected {\\\"hello\\\": \\\"<source>\\\"} as the first line\"}", c.read());
            assertNull(c.read());
        }
        try (Client c = new Client()) {
            c.send("{\"hello\":\"pbx\"}");
            c.read();
            c.send("{\"seq\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals("{\"error\":\"line longer than 64 KiB\"}", c.read());
            assertNull(c.read());
        }
        try (Client c = new Client()) {
            c.send("{\"hello\":\"pbx\"}");
            c.read();
            // no newline ever comes: the cap alone decides
            c.out.print("{\"seq\":1,\"pad\":\"" + "y".repeat(70_000));
            c.out.flush();
            assertEquals("{\"error\":\"line longer than 64 KiB\"}", c.read());
            assertNull(c.read());
        }
        assertTrue(ingest.applied.isEmpty());
    }

    @Test
    public void secretsAndTheConnectionLimitAreEnforced() throws Exception {
        try (Client c = new Client()) {
            c.send("{\"hello\":\"guarded\",\"secret\":\"wrong\"}");
            assertEquals("{\"error\":\"source 'guarded' is not allowed with this secret\"}", c.read());
        }
        try (Client c = new Client()) {
            c.send("{\"hello\":\"guarded\",\"secret\":\"s3cret\"}");
            assertEquals("{\"source\":\"guarded\",\"lastSeq\":0}", c.read());
        }
        List<Client> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Client c = new Client();
                open.add(c);
                c.send("{\"hello\":\"s" + i + "\"}");
                c.read();
            }
            try (Client fourth = new Client()) {
                fourth.send("{\"hello\":\"s4\"}");
                assertEquals("{\"error\":\"too many connections (limit 3)\"}", fourth.read());
            }
        } finally {
            for (Client c : open) {
                c.close();
            }
        }
    }

    @Test
    public void aPortStillHeldIsBoundAsSoonAsItIsFree() throws Exception {
        int port = PORT + 1;
        java.net.ServerSocket holder = new java.net.ServerSocket();
        holder.setReuseAddress(true);
        holder.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        TcpSession.Limits limits = new TcpSession.Limits(64 * 1024, 100, 1000, s -> null, false);
        TcpAdapter second = new TcpAdapter(new TcpAdapter.Settings("127.0.0.1", port, 3, 0, 100, 1, limits), ingest,
                System::currentTimeMillis);
        DefaultCamelContext ctx = new DefaultCamelContext();
        ctx.start();
        try {
            second.start(ctx);
            holder.close();
            long deadline = System.nanoTime() + 10_000_000_000L;
            String answer = null;
            while (answer == null && System.nanoTime() < deadline) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    s.setSoTimeout(2000);
                    s.getOutputStream().write("{\"hello\":\"late\"}\n".getBytes(StandardCharsets.UTF_8));
                    answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                } catch (java.io.IOException notYet) {
                    Thread.onSpinWait();
                }
            }
            assertEquals("{\"source\":\"late\",\"lastSeq\":0}", answer);
        } finally {
            second.stop();
            ctx.close();
        }
    }

    @Test
    public void aResumedClientThatResendsOnlyDurableEventsIsStillAcked() throws Exception {
        ingest.last.put("again", 5L);
        try (Client c = new Client()) {
            c.send("{\"hello\":\"again\"}");
            assertEquals("{\"source\":\"again\",\"lastSeq\":5}", c.read());
            c.send("{\"seq\":4}");
            c.send("{\"seq\":5}");
            assertEquals("all it sent was durable already: up to 5", "{\"ack\":5}", c.readUntil("{\"ack\""));
            c.send("not json");
            assertTrue(c.readUntil("{\"nack\"").startsWith("{\"nack\":null"));
            assertEquals("after a bad line too", "{\"ack\":5}", c.readUntil("{\"ack\""));
        }
    }

    @Test
    public void anIdleQuietConnectionGetsNoSpuriousAcks() throws Exception {
        try (Client c = new Client()) {
            c.send("{\"hello\":\"quiet\"}");
            c.read();
            c.socket.setSoTimeout(400);
            try {
                String line = c.read();
                throw new AssertionError("unexpected line " + line);
            } catch (SocketTimeoutException expected) {
                // nothing to acknowledge, nothing said
            }
        }
    }

    /** A stream that never drains (the ingest is slower than the sender) is still acknowledged every interval. */
    @Test
    public void periodicAcksWhileTheStreamNeverDrains() throws Exception {
        RecordingIngest slow = new RecordingIngest() {
            @Override
            public synchronized IngestResult ingestLines(List<String> lines, String source) {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.ingestLines(lines, source);
            }
        };
        TcpSession.Limits limits = new TcpSession.Limits(64 * 1024, 5, 100000, s -> null, false);
        TcpAdapter busy = new TcpAdapter(new TcpAdapter.Settings("127.0.0.1", PORT + 1, 3, 0, 100, 1, limits), slow,
                System::currentTimeMillis);
        busy.start(camel);
        try (Socket socket = new Socket("127.0.0.1", PORT + 1)) {
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            out.print("{\"hello\":\"pbx\"}\n");
            out.flush();
            assertEquals("{\"source\":\"pbx\",\"lastSeq\":0}", in.readLine());
            // far more than the slow ingest can take in the time the ack must come
            StringBuilder lines = new StringBuilder();
            for (int seq = 1; seq <= 2000; seq++) {
                lines.append(event(seq)).append('\n');
            }
            out.print(lines);
            out.flush();
            long started = System.nanoTime();
            String ack = in.readLine();
            assertTrue(ack, ack.startsWith("{\"ack\":"));
            assertTrue("an ack while lines are still pending", slow.lastSeq("pbx") < 2000);
            assertTrue("within a few intervals", System.nanoTime() - started < 2_000_000_000L);
        } finally {
            busy.stop();
        }
    }
}
