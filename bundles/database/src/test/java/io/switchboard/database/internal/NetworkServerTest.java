package io.switchboard.database.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.apache.derby.jdbc.ClientDriver;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NetworkServerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aClientInAnotherProcessSeesTheSameDatabaseAsThisInstanceAndFailsCleanlyOnceStopped() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("derby/shared");
        EmbeddedDatabase db = new EmbeddedDatabase(dir);
        db.open();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE probe (id INT PRIMARY KEY, name VARCHAR(20))");
            s.executeUpdate("INSERT INTO probe VALUES (1, 'embedded')");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        NetworkServer server = new NetworkServer("127.0.0.1", port);
        server.start(Duration.ofSeconds(30));
        String url = "jdbc:derby://127.0.0.1:" + port + "/" + dir.toAbsolutePath();
        ClientDriver client = new ClientDriver();
        try (Connection c = client.connect(url, new Properties()); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name FROM probe WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals("embedded", rs.getString(1));
            }
            s.executeUpdate("INSERT INTO probe VALUES (2, 'client')");
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM probe WHERE id = 2")) {
            assertTrue("the client's write is the embedded side's row", rs.next());
            assertEquals("client", rs.getString(1));
        }
        server.close();
        try (Connection c = client.connect(url, new Properties())) {
            fail("a stopped server still answered");
        } catch (SQLException e) {
            assertTrue(e.getSQLState(), e.getSQLState().startsWith("08"));
        }
        assertTrue("the embedded database outlives the network server", db.isHealthy());
        db.close();
    }

    @Test
    public void aClientIdleInsideAWriteTransactionLosesItsSessionSoItsLocksGoAndItsWriteIsRolledBack() throws Exception {
        // a reaper that failed shows as a lock timeout in seconds, not Derby's minute
        System.setProperty("derby.locks.waitTimeout", "5");
        Path dir = tmp.getRoot().toPath().resolve("derby/locks");
        EmbeddedDatabase db = new EmbeddedDatabase(dir);
        db.open();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE lease (id INT PRIMARY KEY, holder VARCHAR(20))");
            s.executeUpdate("INSERT INTO lease VALUES (1, 'p')");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        NetworkServer server = new NetworkServer("127.0.0.1", port, 400);
        server.start(Duration.ofSeconds(30));
        String url = "jdbc:derby://127.0.0.1:" + port + "/" + dir.toAbsolutePath();
        ClientDriver client = new ClientDriver();
        try (Connection paused = client.connect(url, new Properties());
                Connection partner = client.connect(url, new Properties())) {
            paused.setAutoCommit(false);
            try (Statement s = paused.createStatement()) {
                // what a primary's fence does, then it stops before its commit
                s.executeUpdate("UPDATE lease SET holder = 'p2' WHERE id = 1");
            }
            // a partner that only reads, and one that waits for a lock, are never taken for idle
            try (Statement s = partner.createStatement()) {
                s.executeQuery("SELECT COUNT(*) FROM SYS.SYSTABLES").close();
            }
            long t0 = System.nanoTime();
            partner.setAutoCommit(false);
            try (Statement s = partner.createStatement()) {
                assertEquals(1, s.executeUpdate("UPDATE lease SET holder = 'b' WHERE id = 1 AND holder = 'p'"));
            }
            partner.commit();
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue("the partner waited " + waitedMs + " ms", waitedMs >= 300 && waitedMs < 10_000);
            try (Statement s = paused.createStatement()) {
                s.executeUpdate("UPDATE lease SET holder = 'p3' WHERE id = 1");
                paused.commit();
                fail("the paused client's session survived");
            } catch (SQLException e) {
                assertTrue(e.getSQLState(), e.getSQLState().startsWith("08"));
            }
            try (Statement s = partner.createStatement(); ResultSet rs = s.executeQuery("SELECT holder FROM lease")) {
                assertTrue(rs.next());
                assertEquals("the paused write was rolled back, the partner's stands", "b", rs.getString(1));
            }
            partner.commit();
        } finally {
            System.clearProperty("derby.locks.waitTimeout");
            server.close();
            db.close();
        }
    }
}
