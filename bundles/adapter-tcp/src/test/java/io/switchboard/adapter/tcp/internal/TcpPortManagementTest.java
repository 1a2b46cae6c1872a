package io.switchboard.adapter.tcp.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.IngestResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** io.switchboard:type=TcpPort over a real port and a real MBean server: connections and per-source lag. */
public class TcpPortManagementTest {

    private static final int PORT = 17041;

    /** Applying waits until the test lets it: what was sent stays received-but-not-applied meanwhile. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final TcpAdapterTest.RecordingIngest ingest = new TcpAdapterTest.RecordingIngest() {
        @Override
        public IngestResult ingestLines(List<String> lines, String source) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.ingestLines(lines, source);
        }
    };
    private DefaultCamelContext camel;
    private TcpAdapter adapter;
    private MBeanServer server;
    private final ObjectName name;

    public TcpPortManagementTest() throws Exception {
        name = new ObjectName("io.switchboard:type=TcpPort");
    }

    @Before
    public void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        TcpSession.Limits limits = new TcpSession.Limits(64 * 1024, 100, 1000, s -> null, false);
        adapter = new TcpAdapter(new TcpAdapter.Settings("127.0.0.1", PORT, 7, 0, 100, 1, limits), ingest,
                System::currentTimeMillis);
        adapter.start(camel);
        server = MBeanServerFactory.newMBeanServer();
        server.registerMBean(new TcpPortManagement(adapter), name);
    }

    @After
    public void stop() throws Exception {
        release.countDown();
        adapter.stop();
        camel.close();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.onSpinWait();
        }
    }

    private Object attribute(String attribute) {
        try {
            return server.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long lagOf(String source) {
        TabularData table = (TabularData) attribute("SourceLag");
        CompositeData row = table.get(new Object[] {source});
        return row == null ? -1 : (Long) row.get("value");
    }

    @Test
    public void connectionsAndLinesReceivedButNotYetAppliedPerSource() throws Exception {
        assertEquals(0, attribute("Connections"));
        assertEquals("127.0.0.1:" + PORT, adapter.address());
        assertEquals(7, attribute("MaxConnections"));
        assertEquals(false, attribute("Tls"));
        try (Socket pbx = new Socket("127.0.0.1", PORT); Socket quiet = new Socket("127.0.0.1", PORT)) {
            pbx.setSoTimeout(5000);
            quiet.setSoTimeout(5000);
            hello(quiet, "quiet");
            OutputStream out = hello(pbx, "pbx");
            StringBuilder lines = new StringBuilder();
            for (int seq = 1; seq <= 5; seq++) {
                lines.append("{\"type\":\"AgentLogin\",\"source\":\"pbx\",\"seq\":").append(seq).append("}\n");
            }
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals(2, attribute("Connections"));
            await("5 lines of pbx waiting", () -> lagOf("pbx") == 5);
            assertEquals(0, lagOf("quiet"));
            assertEquals(5L, attribute("Lag"));
            release.countDown();
            await("all applied", () -> lagOf("pbx") == 0);
            assertEquals(0L, attribute("Lag"));
        }
        await("both connections gone", () -> (Integer) attribute("Connections") == 0);
        assertTrue(((TabularData) attribute("SourceLag")).isEmpty());
    }

    private static OutputStream hello(Socket socket, String source) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("{\"hello\":\"" + source + "\"}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertEquals("{\"source\":\"" + source + "\",\"lastSeq\":0}", answer);
        return out;
    }
}
