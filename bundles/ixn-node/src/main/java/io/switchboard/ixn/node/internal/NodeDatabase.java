package io.switchboard.ixn.node.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.derby.jdbc.ClientDriver;
import org.apache.derby.jdbc.EmbeddedDriver;

/**
 * A node's Derby database: embedded in this JVM (the default), or reached through a Derby
 * network server when the two instances of a pair run in different processes or hosts.
 *
 * <p>Both instances of an embedded pair run in this JVM on the same directory, so the database is
 * shut down only when the last instance using it closes it: a primary that stops must not pull
 * the database from under its backup. A network database belongs to its server and is never shut
 * down from here.
 */
public final class NodeDatabase implements AutoCloseable {

    private static final Map<Path, Integer> USERS = new HashMap<>();

    private final Path directory;
    private final String url;
    private final Driver driver;
    private final Properties credentials;
    private boolean closed;

    private NodeDatabase(Path directory, String url, Driver driver, Properties credentials) {
        this.directory = directory;
        this.url = url;
        this.driver = driver;
        this.credentials = credentials;
    }

    /** An embedded database in {@code directory}, created if missing. */
    public static NodeDatabase open(Path directory) throws SQLException {
        Path dir = directory.toAbsolutePath().normalize();
        NodeDatabase db = new NodeDatabase(dir, "jdbc:derby:" + dir, new EmbeddedDriver(), new Properties());
        synchronized (USERS) {
            try (Connection c = db.connect(";create=true")) {
                c.isValid(1);
            }
            USERS.merge(dir, 1, Integer::sum);
        }
        return db;
    }

    /**
     * A database behind a Derby network server, {@code jdbc:derby://host:port/name}; created by
     * the server if missing. User and password may be empty (a server without authentication).
     */
    public static NodeDatabase openNetwork(String url, String user, String password) throws SQLException {
        if (!url.startsWith("jdbc:derby://")) {
            throw new SQLException("databaseUrl '" + url + "' is not a Derby network URL (jdbc:derby://host:port/name)");
        }
        Properties p = new Properties();
        if (user != null && !user.isEmpty()) {
            p.setProperty("user", user);
            p.setProperty("password", password == null ? "" : password);
        }
        NodeDatabase db = new NodeDatabase(null, url, new ClientDriver(), p);
        try (Connection c = db.connect(";create=true")) {
            c.isValid(5);
        }
        return db;
    }

    /** The embedded database's directory; null for a network database. */
    public Path directory() {
        return directory;
    }

    public boolean isNetwork() {
        return directory == null;
    }

    /** Where the database is, for logs and the shell (never the password). */
    public String describe() {
        return directory != null ? directory.toString() : url;
    }

    public Connection connect() throws SQLException {
        return connect("");
    }

    private Connection connect(String attributes) throws SQLException {
        Connection c = driver.connect(url + attributes, credentials);
        if (c == null) {
            throw new SQLException("Derby refused URL " + url);
        }
        return c;
    }

    /** Shuts an embedded database down if no other instance in this JVM uses it. */
    @Override
    public void close() {
        if (isNetwork()) {
            return;
        }
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

    /** Stops an embedded database for every user at once (what a crashed database server looks like). */
    public void shutdown() {
        if (isNetwork()) {
            return;
        }
        try {
            driver.connect(url + ";shutdown=true", new Properties());
        } catch (SQLException expected) {
            // 08006: database shut down
        }
    }
}
