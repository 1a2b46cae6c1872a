package io.switchboard.database.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.database.internal.DatabaseInfo;
import io.switchboard.database.internal.EmbeddedDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** switchboard:database on a real embedded Derby database. */
public class DatabaseCommandTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String run(DatabaseCommand c) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            c.execute();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace('\u2502', '|');
    }

    @Test
    public void showsUrlSizeOpenConnectionsNetworkServerAndHealth() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("derby/switchboard");
        EmbeddedDatabase db = new EmbeddedDatabase(dir);
        db.open();
        try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
            assertEquals(2, db.openConnections());
            assertTrue(db.sizeBytes() > 100_000);
            DatabaseCommand c = new DatabaseCommand();
            c.databases = List.of(new DatabaseInfo("switchboard", db, "127.0.0.1:1527"));

            String[] lines = run(c).split("\\R");

            assertTrue(lines[0], lines[0].matches(
                    "Name\\s+\\| URL\\s+\\| Size\\s+\\| Connections \\| Network server \\| Healthy"));
            String[] cells = lines[2].split("\\s*\\|\\s*");
            assertEquals("switchboard", cells[0]);
            assertEquals("jdbc:derby:" + dir.toAbsolutePath(), cells[1]);
            assertTrue(cells[2], cells[2].matches("\\d+\\.\\d (KiB|MiB)"));
            assertEquals("2", cells[3]);
            assertEquals("127.0.0.1:1527", cells[4]);
            assertEquals("yes", cells[5].trim());
        } finally {
            db.close();
        }
    }

    @Test
    public void aClosedDatabaseIsShownUnhealthy() throws Exception {
        EmbeddedDatabase db = new EmbeddedDatabase(tmp.getRoot().toPath().resolve("derby/gone"));
        DatabaseCommand c = new DatabaseCommand();
        // never opened with create=true: Derby has no such database
        java.nio.file.Files.createDirectories(db.directory());
        c.databases = List.of(new DatabaseInfo("gone", db, null));

        String[] cells = run(c).split("\\R")[2].split("\\s*\\|\\s*");

        assertEquals("-", cells[3]);
        assertEquals("-", cells[4]);
        assertEquals("NO", cells[5].trim());
    }

    @Test
    public void withoutTheDatabaseFeatureSaysSo() throws Exception {
        assertTrue(run(new DatabaseCommand()).contains("no database open"));
    }

    @Test
    public void sizesReadAsKibOrMib() {
        assertEquals("1.5 KiB", DatabaseCommand.size(1536));
        assertEquals("2.0 MiB", DatabaseCommand.size(2 * 1024 * 1024));
    }
}
