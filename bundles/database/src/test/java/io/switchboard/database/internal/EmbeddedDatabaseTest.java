package io.switchboard.database.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EmbeddedDatabaseTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void createsTheDatabaseKeepsDataAcrossShutdownAndReportsHealth() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("derby/switchboard");
        EmbeddedDatabase db = new EmbeddedDatabase(dir);
        db.open();
        assertTrue(Files.isDirectory(dir));
        assertTrue(db.isHealthy());
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE probe (id INT PRIMARY KEY, name VARCHAR(20))");
            s.executeUpdate("INSERT INTO probe VALUES (1, 'one')");
        }
        db.close();

        EmbeddedDatabase again = new EmbeddedDatabase(dir);
        again.open();
        try (Connection c = again.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM probe WHERE id = 1")) {
            assertTrue(rs.next());
            assertEquals("one", rs.getString(1));
        }
        again.close();
    }
}
