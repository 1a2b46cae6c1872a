package io.switchboard.ixn.node.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.NodeUnavailableException;
import io.switchboard.api.interaction.SubmitRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.derby.drda.NetworkServerControl;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The two instances of a pair reach their database through a real Derby network server, as they
 * do when they run in two processes or on two hosts.
 */
public class NetworkPairTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final List<NodeEngine> engines = new ArrayList<>();
    private int port;
    private NetworkServerControl server;
    private String url;

    @Before
    public void startServer() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path dir = NodeEngineTest.freshDir("network").resolve("db").toAbsolutePath();
        url = "jdbc:derby://127.0.0.1:" + port + "/" + dir;
        startNetworkServer();
    }

    private void startNetworkServer() throws Exception {
        server = new NetworkServerControl(InetAddress.getLoopbackAddress(), port);
        server.start(new PrintWriter(new StringWriter()));
        for (int i = 0; ; i++) {
            try {
                server.ping();
                return;
            } catch (Exception e) {
                if (i > 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @After
    public void stop() throws Exception {
        engines.forEach(e -> e.stop(true));
        server.shutdown();
    }

    private NodeEngine instance(String instance) throws Exception {
        NodeEngine e = new NodeEngine(new NodeEngine.Settings("n1", instance, Set.of(), Set.of(), Set.of(), 100, 200,
                30_000, 3000), NodeDatabase.openNetwork(url, "", ""), now::get, () -> null, () -> { });
        e.start();
        engines.add(e);
        return e;
    }

    @Test
    public void theBackupTakesOverACrashedPrimaryWithEveryInteractionAndAContinuousEventLog() throws Exception {
        NodeEngine primary = instance("n1-primary");
        NodeEngine backup = instance("n1-backup");
        assertTrue(primary.tryLease());
        assertFalse("one instance at a time", backup.tryLease());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(primary.submit(new SubmitRequest("t", "chat", "q", null, i % 3, null)).id());
        }
        long lastSeq = primary.eventsAfter(0, 1000).size();

        primary.stop(false); // a crash: the lease is not given back
        assertFalse("the partner waits for the lease to run out", backup.tryLease());
        now.addAndGet(3001);
        assertTrue(backup.tryLease());
        for (String id : ids) {
            assertEquals(Interaction.State.QUEUED, backup.get(id).orElseThrow().state());
        }
        backup.submit(new SubmitRequest("t", "chat", "q", "after-failover", 0, null));
        List<NodeEngine.LoggedEvent> log = backup.eventsAfter(0, 1000);
        for (int i = 0; i < log.size(); i++) {
            assertEquals("the event log has no hole and no repeat", i + 1, log.get(i).seq());
        }
        assertEquals(lastSeq + 1, log.size());
    }

    @Test
    public void anInstanceReconnectsOnceTheDatabaseServerIsBack() throws Exception {
        NodeEngine n = instance("n1-primary");
        assertTrue(n.tryLease());
        String id = n.submit(new SubmitRequest("t", "chat", "q", null, 0, null)).id();

        server.shutdown();
        try {
            n.submit(new SubmitRequest("t", "chat", "q", null, 0, null));
            fail("a write without a database");
        } catch (NodeUnavailableException expected) {
            assertFalse(n.isActive());
        }
        assertFalse("no lease without the database", n.tryLease());

        startNetworkServer();
        now.addAndGet(10);
        assertTrue("the lease round reconnects", n.tryLease());
        assertEquals(Interaction.State.QUEUED, n.get(id).orElseThrow().state());
        n.submit(new SubmitRequest("t", "chat", "q", "after-restart", 0, null));
        assertEquals(2, n.find("t", java.util.Map.of("queue", "q"), 10).size());
    }

    @Test
    public void twoProcessesConfiguredAsTheSameInstanceNeverBothHoldTheLease() throws Exception {
        NodeEngine one = instance("n1-primary");
        NodeEngine two = instance("n1-primary");
        assertTrue(one.tryLease());
        assertFalse("the same instance name is not the same holder", two.tryLease());
        assertTrue("the holder renews", one.tryLease());
    }

    @Test
    public void aUrlThatIsNoNetworkUrlIsRefusedWithWhatIsWrong() {
        try {
            NodeDatabase.openNetwork("jdbc:derby:/tmp/x", "", "");
            fail();
        } catch (SQLException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("jdbc:derby://host:port/name"));
        }
    }
}
