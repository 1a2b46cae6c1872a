package io.switchboard.eventlog.jdbc.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.derby.jdbc.ClientDriver;
import org.apache.derby.jdbc.EmbeddedDriver;

/**
 * A Derby database named by its JDBC URL: embedded ({@code jdbc:derby:<dir>}) or on a network
 * server ({@code jdbc:derby://host:port/<db>}). Connections come from the drivers directly:
 * DriverManager cannot see drivers across bundle class loaders.
 */
final class Derby {

    private static final String EMBEDDED = "jdbc:derby:";
    private static final String NETWORK = "jdbc:derby://";

    private final String url;
    private final boolean network;

    /**
     * @param url the configured URL; an embedded database's relative directory is resolved
     *        against {@code base} (karaf.data), so the default lands under data/
     */
    Derby(String url, Path base) {
        String u = url == null ? "" : url.trim();
        if (u.startsWith(NETWORK)) {
            network = true;
        } else if (u.startsWith(EMBEDDED)) {
            network = false;
            String rest = u.substring(EMBEDDED.length());
            int semi = rest.indexOf(';');
            String name = semi < 0 ? rest : rest.substring(0, semi);
            String attrs = semi < 0 ? "" : rest.substring(semi);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("databaseUrl: no database name in " + url);
            }
            boolean subProtocol = name.matches("[a-z]+:.*") && !name.matches("[A-Za-z]:[\\\\/].*");
            if (!subProtocol && !Paths.get(name).isAbsolute()) {
                name = base.resolve(name).toAbsolutePath().toString();
            }
            u = EMBEDDED + name + attrs;
        } else {
            throw new IllegalArgumentException("databaseUrl: not a Derby URL (jdbc:derby:<directory> or "
                    + "jdbc:derby://host:port/<name>): " + url);
        }
        this.url = u;
    }

    String url() {
        return url;
    }

    boolean isNetwork() {
        return network;
    }

    Connection connect() throws SQLException {
        Connection c = network ? new ClientDriver().connect(url, new Properties())
                : new EmbeddedDriver().connect(url, new Properties());
        if (c == null) {
            throw new SQLException("Derby refused URL " + url);
        }
        return c;
    }

    /** Shuts an embedded database down cleanly (a network one belongs to its server). */
    void shutdown() {
        if (network) {
            return;
        }
        int semi = url.indexOf(';');
        String base = semi < 0 ? url : url.substring(0, semi);
        try {
            new EmbeddedDriver().connect(base + ";shutdown=true", new Properties());
        } catch (SQLException expected) {
            // 08006: the database was shut down
        }
    }
}
