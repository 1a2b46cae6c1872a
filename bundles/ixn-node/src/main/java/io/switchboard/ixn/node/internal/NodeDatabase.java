package io.switchboard.ixn.node.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.derby.jdbc.EmbeddedDriver;

/**
 * A node's embedded Derby database. Both instances of a pair run in this JVM on the same
 * directory, so the database is shut down only when the last instance using it closes it: a
 * primary that stops must not pull the database from under its backup.
 */
public final class NodeDatabase implements AutoCloseable {

    private static final Map<Path, Integer> USERS = new HashMap<>();

    private final Path directory;
    private final String url;
    private final EmbeddedDriver driver = new EmbeddedDriver();
    private boolean closed;

    private NodeDatabase(Path directory) {
        this.directory = directory;
        this.url = "jdbc:derby:" + directory;
    }

    public static NodeDatabase open(Path directory) throws SQLException {
        Path dir = directory.toAbsolutePath().normalize();
        NodeDatabase db = new NodeDatabase(dir);
        synchronized (USERS) {
            try (Connection c = db.driver.connect(db.url + ";create=true", new Properties())) {
                c.isValid(1);
            }
            USERS.merge(dir, 1, Integer::sum);
        }
        return db;
    }

    public Path directory() {
        return directory;
    }

    public Connection connect() throws SQLException {
        Connection c = driver.connect(url, new Properties());
        if (c == null) {
            throw new SQLException("Derby refused URL " + url);
        }
        return c;
    }

    /** Shuts the database down if no other instance in this JVM uses it. */
    @Override
    public void close() {
        synchronized (USERS) {
            if (closed) {
                return;
            }
            closed = true;
            int left = USERS.merge(directory, -1, Integer::sum);
            if (left > 0) {
                return;
            }
            USERS.remove(directory);
            shutdown();
        }
    }

    /** Stops the database for every user at once (what a crashed database server looks like). */
    public void shutdown() {
        try {
            driver.connect(url + ";shutdown=true", new Properties());
        } catch (SQLException expected) {
            // 08006: database shut down
        }
    }
}
