package io.switchboard.itests;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.derby.jdbc.EmbeddedDriver;

/**
 * Reads the JDBC event logger's embedded database from the test probe, through the container's
 * own Derby engine (one engine per JVM may open the database; a second one in the same JVM would
 * refuse it). A connection per read: the sink's uninstall shuts the database down.
 */
final class EventDatabase {

    private final String url;

    /** @param directory the database's directory (absolute) */
    EventDatabase(String directory) {
        this.url = "jdbc:derby:" + directory;
    }

    private Connection connect() throws SQLException {
        Connection c = new EmbeddedDriver().connect(url, new Properties());
        if (c == null) {
            throw new SQLException("Derby refused " + url);
        }
        return c;
    }

    /** How often each seq of {@code source} is in the events table; empty while the database does not exist yet. */
    Map<Long, Integer> seqs(String source) throws SQLException {
        Map<Long, Integer> seen = new TreeMap<>();
        try (Connection c = connect();
                PreparedStatement p = c.prepareStatement("SELECT SEQ FROM EVENTS WHERE SOURCE = ?")) {
            p.setString(1, source);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    seen.merge(r.getLong(1), 1, Integer::sum);
                }
            }
        } catch (SQLException e) {
            // XJ004: no database yet; 42X05: no table yet (the sink has not written)
            if ("XJ004".equals(e.getSQLState()) || "42X05".equals(e.getSQLState())) {
                return seen;
            }
            throw e;
        }
        return seen;
    }

    /**
     * The sessions table's rows of one agent in login order, each {login ms, logout ms or -1 while
     * open, pairs}; empty while the database or the table does not exist yet.
     */
    java.util.List<long[]> sessionRows(String tenant, String agent) throws SQLException {
        java.util.List<long[]> rows = new java.util.ArrayList<>();
        try (Connection c = connect();
                PreparedStatement p = c.prepareStatement("SELECT LOGIN_TS, LOGOUT_TS, PAIRS FROM EVENTS_SESSIONS "
                        + "WHERE TENANT = ? AND AGENT = ? ORDER BY LOGIN_TS")) {
            p.setString(1, tenant);
            p.setString(2, agent);
            java.util.Calendar utc = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    java.sql.Timestamp out = r.getTimestamp(2, utc);
                    rows.add(new long[] {r.getTimestamp(1, utc).getTime(), out == null ? -1 : out.getTime(), r.getInt(3)});
                }
            }
        } catch (SQLException e) {
            if ("XJ004".equals(e.getSQLState()) || "42X05".equals(e.getSQLState())) {
                return rows;
            }
            throw e;
        }
        return rows;
    }

    /** {@link #sessionRows} as "login logout pairs" (ISO instants, "open" for a session not logged out). */
    java.util.List<String> sessions(String tenant, String agent) throws SQLException {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (long[] r : sessionRows(tenant, agent)) {
            out.add(java.time.Instant.ofEpochMilli(r[0]) + " "
                    + (r[1] < 0 ? "open" : java.time.Instant.ofEpochMilli(r[1]).toString()) + " " + r[2]);
        }
        return out;
    }

    /** The position the sink keeps in its database for {@code source} (0 for none). */
    long position(String source) throws SQLException {
        try (Connection c = connect();
                PreparedStatement p = c.prepareStatement("SELECT LAST_SEQ FROM EVENTS_POSITIONS WHERE SOURCE = ?")) {
            p.setString(1, source);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /**
     * The call events in the events table and the sum of the calls table's per-call counts, read
     * in one serializable transaction (a sink's batch writes both in one): equal when no replayed
     * event was derived twice.
     */
    long[] callEventsAndCounted() throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try (Statement s = c.createStatement()) {
                long events;
                try (ResultSet r = s.executeQuery(
                        "SELECT COUNT(*) FROM EVENTS WHERE TYPE LIKE 'Call%' AND CALL_ID IS NOT NULL")) {
                    r.next();
                    events = r.getLong(1);
                }
                try (ResultSet r = s.executeQuery("SELECT COALESCE(SUM(EVENTS), 0) FROM EVENTS_CALLS")) {
                    r.next();
                    return new long[] {events, r.getLong(1)};
                }
            } finally {
                c.rollback();
            }
        }
    }
}
