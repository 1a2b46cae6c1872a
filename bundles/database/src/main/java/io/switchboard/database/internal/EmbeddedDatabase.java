package io.switchboard.database.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDriver;

/**
 * An embedded Derby database in a directory, as a DataSource. Connections come from Derby's
 * driver directly: DriverManager cannot see drivers across bundle class loaders.
 */
public final class EmbeddedDatabase implements DataSource {

    private final Path directory;
    private final String url;
    private final EmbeddedDriver driver = new EmbeddedDriver();
    private volatile int loginTimeout;

    public EmbeddedDatabase(Path directory) {
        this.directory = directory.toAbsolutePath();
        this.url = "jdbc:derby:" + this.directory;
    }

    public Path directory() {
        return directory;
    }

    public String url() {
        return url;
    }

    /** Bytes the database's files take on disk now. */
    public long sizeBytes() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(directory)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> {
                try {
                    return java.nio.file.Files.size(f);
                } catch (java.io.IOException gone) {
                    // a log file switched while walking
                    return 0;
                }
            }).sum();
        }
    }

    /**
     * Connections open in this node's Derby engine, the one asking excluded. Derby has one user
     * transaction per connection, idle or not, but does not say which database it belongs to:
     * the count covers every embedded database of the node.
     */
    public int openConnections() throws SQLException {
        try (Connection c = getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*) FROM SYSCS_DIAG.TRANSACTION_TABLE WHERE TYPE = 'UserTransaction'")) {
            rs.next();
            return rs.getInt(1) - 1;
        }
    }

    /** Creates the database if it does not exist yet and checks that it answers. */
    public void open() throws SQLException {
        try (Connection c = driver.connect(url + ";create=true", new Properties())) {
            check(c);
        }
    }

    public boolean isHealthy() {
        try (Connection c = getConnection()) {
            check(c);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void check(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("VALUES 1").close();
        }
    }

    /** Shuts the database down cleanly; Derby reports success as SQLState 08006. */
    public void close() {
        try {
            driver.connect(url + ";shutdown=true", new Properties());
        } catch (SQLException expected) {
            // 08006: database shut down
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = driver.connect(url, new Properties());
        if (c == null) {
            throw new SQLException("Derby refused URL " + url);
        }
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", username);
        p.setProperty("password", password);
        return driver.connect(url, p);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Derby logs through derby.stream.error.file
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Derby logs to its own file");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
