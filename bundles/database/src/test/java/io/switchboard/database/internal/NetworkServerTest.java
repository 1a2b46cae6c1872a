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
}
