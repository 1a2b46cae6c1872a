package io.switchboard.eventlog.jdbc.internal;

import io.switchboard.bus.internal.JournalFeed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.SinkDispatcher;
import io.switchboard.bus.internal.journal.Journal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.derby.drda.NetworkServerControl;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The JDBC sink fed by the bus's real dispatcher from a real journal, into real Derby databases
 * (embedded, and a network server shared by two nodes): every event of a generated run is in the
 * tables exactly once, across a rewound position, a SIGKILL and a database that is down.
 */
public class JdbcEventLogDeliveryTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<AutoCloseable> open = new ArrayList<>();
    private Path root;

    @Before
    public void setUp() {
        root = tmp.getRoot().toPath();
    }

    @After
    public void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Journal journal(String name) {
        Journal j = new Journal(root.resolve(name), 256 * 1024, true);
        open.add(j);
        return j;
    }

    private JdbcEventLog embedded(String dir) throws Exception {
        JdbcEventLog log = new JdbcEventLog("jdbc:derby:" + dir + ";create=true", "EVENTS", root);
        log.open();
        open.add(log);
        return log;
    }

    private SinkDispatcher feed(Journal journal, String positions, JdbcEventLog log) {
        SinkDispatcher d = JournalFeed.feed(journal, root.resolve(positions), "jdbc", StartPosition.OLDEST, log::write);
        open.add(d);
        return d;
    }

    private static void assertEachOnce(Tables tables, Workload w) throws InterruptedException {
        Feed.await("every event in the table", 120, () -> tables.count("EVENTS") >= w.size());
        Map<String, Integer> rows = tables.events();
        assertEquals(w.size(), rows.size());
        w.lastSeqs().forEach((source, last) -> {
            for (long s = 1; s <= last; s++) {
                assertEquals(source + "/" + s, Integer.valueOf(1), rows.get(source + "/" + s));
            }
        });
        assertEquals("one session per real login", w.realLogins, tables.count("EVENTS_SESSIONS"));
        assertEquals(w.calls, tables.count("EVENTS_CALLS"));
    }

    @Test
    public void everyEventOfAGeneratedRunIsInTheTablesOnceWithOneSessionPerRealLogin() throws Exception {
        Workload w = new Workload(3, 10, 3, 2, 11);
        List<CanonicalEvent> arrival = w.inArrivalOrder();
        Journal journal = journal("journal");
        JournalFeed.ingest(journal, arrival.subList(0, arrival.size() / 2), 50);
        JdbcEventLog log = embedded("db");
        feed(journal, "positions", log);
        JournalFeed.ingest(journal, arrival.subList(arrival.size() / 2, arrival.size()), 50);
        Tables tables = new Tables(log);
        assertEachOnce(tables, w);
        List<long[]> sessions = tables.sessions("t", "a3");
        assertEquals(3, sessions.size());
        for (long[] s : sessions) {
            assertEquals("each node's pair is in the session", 3, s[2]);
            assertTrue(s[1] > s[0]);
        }
    }

    @Test
    public void aRestartFromAnOlderPositionThanTheTablesHoldWritesNothingTwice() throws Exception {
        Workload w = new Workload(2, 8, 2, 2, 12);
        List<CanonicalEvent> arrival = w.inArrivalOrder();
        Journal journal = journal("journal");
        Path positions = root.resolve("positions");
        JournalFeed.ingest(journal, arrival.subList(0, arrival.size() / 3), 20);
        JdbcEventLog log = embedded("db");
        SinkDispatcher d = feed(journal, "positions", log);
        Tables tables = new Tables(log);
        Feed.await("the first third", 60, () -> tables.count("EVENTS") == arrival.size() / 3);
        Path position = Files.list(positions).filter(p -> p.toString().endsWith(".position")).findFirst().orElseThrow();
        Path early = root.resolve("early.position");
        Files.copy(position, early);
        JournalFeed.ingest(journal, arrival.subList(arrival.size() / 3, 2 * arrival.size() / 3), 20);
        Feed.await("the second third", 60, () -> tables.count("EVENTS") == 2 * arrival.size() / 3);
        // stopped without its last positions flushed: the stored one is a third behind the tables
        d.close();
        log.abandon();
        Files.copy(early, position, StandardCopyOption.REPLACE_EXISTING);
        AtomicInteger offered = new AtomicInteger();
        open.add(JournalFeed.feed(journal, positions, "jdbc", StartPosition.OLDEST, batch -> {
            offered.addAndGet(batch.size());
            log.write(batch);
        }));
        JournalFeed.ingest(journal, arrival.subList(2 * arrival.size() / 3, arrival.size()), 20);
        assertEachOnce(tables, w);
        assertTrue("the second third came again: " + offered.get(), offered.get() > arrival.size() - 2 * arrival.size() / 3);
    }

    @Test
    public void aSinkKilledPartWayResumesFromItsStoredPositionAndHoldsEachEventOnce() throws Exception {
        Workload w = new Workload(3, 40, 5, 3, 13);
        Journal journal = new Journal(root.resolve("journal"), 256 * 1024, true);
        JournalFeed.ingest(journal, w.inArrivalOrder(), 200);
        journal.close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dderby.stream.error.file=" + root.resolve("derby-child.log"), KilledWriter.class.getName(),
                root.resolve("journal").toString(), root.resolve("positions").toString(), root.toString())
                .redirectErrorStream(true).start();
        long written = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("written ")) {
                    written = Long.parseLong(line.substring(8));
                    if (written >= w.size() / 3) {
                        break;
                    }
                }
            }
            // SIGKILL: no Derby shutdown, no last position file
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue("killed part-way: " + written + " of " + w.size(), written > 0 && written < w.size());
        Journal again = journal("journal");
        JdbcEventLog log = embedded("db");
        Tables tables = new Tables(log);
        int before = tables.count("EVENTS");
        assertTrue("what was committed before the kill is there: " + before, before >= written);
        feed(again, "positions", log);
        assertEachOnce(tables, w);
    }

    private int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private NetworkServerControl networkServer(int port) throws Exception {
        NetworkServerControl server = new NetworkServerControl(InetAddress.getLoopbackAddress(), port);
        server.start(new PrintWriter(new StringWriter()));
        for (int i = 0; ; i++) {
            try {
                server.ping();
                return server;
            } catch (Exception e) {
                if (i > 200) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    public void twoNodesSharingANetworkDatabaseHoldEachEventOnceAndOneSessionPerRealLogin() throws Exception {
        int port = freePort();
        NetworkServerControl server = networkServer(port);
        open.add(0, server::shutdown);
        String url = "jdbc:derby://127.0.0.1:" + port + "/" + root.resolve("shared").toAbsolutePath() + ";create=true";
        // node A ingests sources node1 and node2, node B node3: every agent is logged in on all three
        Workload w = new Workload(3, 12, 3, 2, 14);
        List<CanonicalEvent> arrival = w.inArrivalOrder();
        Journal a = journal("journal-a");
        Journal b = journal("journal-b");
        List<JdbcEventLog> logs = new ArrayList<>();
        for (String node : List.of("a", "b")) {
            JdbcEventLog log = new JdbcEventLog(url, "EVENTS", root);
            open.add(log);
            logs.add(log);
            feed(node.equals("a") ? a : b, "positions-" + node, log);
        }
        JournalFeed.ingest(a, arrival.stream().filter(e -> !e.source().equals("node3")).toList(), 30);
        JournalFeed.ingest(b, arrival.stream().filter(e -> e.source().equals("node3")).toList(), 30);
        Tables tables = new Tables(logs.get(0));
        assertEachOnce(tables, w);
        for (long[] s : tables.sessions("t", "a5")) {
            assertEquals("the session joins the three nodes' pairs", 3, s[2]);
        }
    }

    @Test
    public void aDatabaseThatIsDownHoldsUpNeitherIngestionNorAnotherSinkAndIsCaughtUpOnceItIsBack()
            throws Exception {
        int port = freePort();
        String url = "jdbc:derby://127.0.0.1:" + port + "/" + root.resolve("late").toAbsolutePath() + ";create=true";
        Workload w = new Workload(2, 10, 2, 2, 15);
        Journal journal = journal("journal");
        JdbcEventLog down = new JdbcEventLog(url, "EVENTS", root);
        open.add(down);
        feed(journal, "positions", down);
        JdbcEventLog local = embedded("local");
        open.add(JournalFeed.feed(journal, root.resolve("positions"), "jdbc-local", StartPosition.OLDEST, local::write));
        long t0 = System.nanoTime();
        JournalFeed.ingest(journal, w.inArrivalOrder(), 25);
        long ingestMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEachOnce(new Tables(local), w);
        NetworkServerControl server = networkServer(port);
        open.add(0, server::shutdown);
        assertEachOnce(new Tables(down), w);
        assertTrue("ingestion took " + ingestMillis + " ms", ingestMillis < 60_000);
    }

    @Test
    public void aSinkConfiguredToStartNowSkipsWhatWasJournaledBefore() throws Exception {
        Workload w = new Workload(1, 4, 2, 1, 16);
        List<CanonicalEvent> arrival = w.inArrivalOrder();
        Journal journal = journal("journal");
        int half = arrival.size() / 2;
        JournalFeed.ingest(journal, arrival.subList(0, half), 10);
        JdbcEventLog log = embedded("db");
        open.add(JournalFeed.feed(journal, root.resolve("positions"), "jdbc", StartPosition.NOW, log::write));
        Thread.sleep(200);
        JournalFeed.ingest(journal, arrival.subList(half, arrival.size()), 10);
        Tables tables = new Tables(log);
        Feed.await("the second half", 60, () -> tables.count("EVENTS") == arrival.size() - half);
        Thread.sleep(300);
        assertEquals(arrival.size() - half, tables.count("EVENTS"));
        assertNull(tables.events().get(arrival.get(0).source() + "/1"));
    }
}
