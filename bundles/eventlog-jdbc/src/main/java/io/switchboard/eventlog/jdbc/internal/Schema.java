package io.switchboard.eventlog.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The event logger's tables, named after the configured events table {@code T}:
 * <ul>
 * <li>{@code T}: every event, primary key (SOURCE, SEQ);</li>
 * <li>{@code T_LOGINS}: each login/logout pair as one source reported it;</li>
 * <li>{@code T_SESSIONS}: one row per real login of an agent, the union of the overlapping
 * pairs of every source and node;</li>
 * <li>{@code T_CALLS}: one row per call or interaction (MEDIA tells which) with its life cycle;</li>
 * <li>{@code T_POSITIONS}: the last seq written per source, moved in the same transaction as
 * the rows, so a replayed event changes nothing;</li>
 * <li>{@code T_AGENTS}: one lock row per agent, so writers from several nodes derive an
 * agent's sessions one at a time.</li>
 * </ul>
 */
final class Schema {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    final String events;
    final String logins;
    final String sessions;
    final String calls;
    final String positions;
    final String agents;

    Schema(String table) {
        if (table == null || !NAME.matcher(table.trim()).matches()) {
            throw new IllegalArgumentException("table: not a table name (a letter, then up to 63 letters, digits "
                    + "or _): " + table);
        }
        String t = table.trim().toUpperCase(java.util.Locale.ROOT);
        events = t;
        logins = t + "_LOGINS";
        sessions = t + "_SESSIONS";
        calls = t + "_CALLS";
        positions = t + "_POSITIONS";
        agents = t + "_AGENTS";
    }

    private List<String> ddl() {
        return List.of(
                "CREATE TABLE " + events + " (SOURCE VARCHAR(128) NOT NULL, SEQ BIGINT NOT NULL, TS TIMESTAMP NOT NULL, "
                        + "TYPE VARCHAR(32) NOT NULL, TENANT VARCHAR(128) NOT NULL, MEDIA VARCHAR(64) NOT NULL, "
                        + "AGENT VARCHAR(128), PLACE VARCHAR(128), DN VARCHAR(128), CALL_ID VARCHAR(128), "
                        + "QUEUE VARCHAR(128), DIRECTION VARCHAR(128), REASON VARCHAR(1000), WORK_MODE VARCHAR(128), "
                        + "DATA CLOB(1M), PRIMARY KEY (SOURCE, SEQ))",
                "CREATE INDEX " + events + "_BY_CALL ON " + events + " (TENANT, CALL_ID)",
                "CREATE INDEX " + events + "_BY_AGENT ON " + events + " (TENANT, AGENT)",
                "CREATE TABLE " + positions + " (SOURCE VARCHAR(128) NOT NULL PRIMARY KEY, LAST_SEQ BIGINT NOT NULL)",
                "CREATE TABLE " + agents + " (TENANT VARCHAR(128) NOT NULL, AGENT VARCHAR(128) NOT NULL, "
                        + "CHANGES BIGINT NOT NULL, PRIMARY KEY (TENANT, AGENT))",
                "CREATE TABLE " + logins + " (SOURCE VARCHAR(128) NOT NULL, LOGIN_SEQ BIGINT NOT NULL, "
                        + "TENANT VARCHAR(128) NOT NULL, AGENT VARCHAR(128) NOT NULL, SCOPE VARCHAR(128) NOT NULL, "
                        + "LOGIN_TS TIMESTAMP NOT NULL, LOGOUT_TS TIMESTAMP, LOGOUT_SEQ BIGINT, "
                        + "PRIMARY KEY (SOURCE, LOGIN_SEQ))",
                "CREATE INDEX " + logins + "_BY_AGENT ON " + logins + " (TENANT, AGENT, LOGIN_TS)",
                "CREATE TABLE " + sessions + " (TENANT VARCHAR(128) NOT NULL, AGENT VARCHAR(128) NOT NULL, "
                        + "LOGIN_TS TIMESTAMP NOT NULL, LOGOUT_TS TIMESTAMP, PAIRS INT NOT NULL, "
                        + "FIRST_SOURCE VARCHAR(128) NOT NULL, FIRST_SEQ BIGINT NOT NULL, "
                        + "PRIMARY KEY (TENANT, AGENT, LOGIN_TS))",
                "CREATE TABLE " + calls + " (TENANT VARCHAR(128) NOT NULL, CALL_ID VARCHAR(128) NOT NULL, "
                        + "MEDIA VARCHAR(64) NOT NULL, DIRECTION VARCHAR(128) NOT NULL, STATE VARCHAR(16) NOT NULL, "
                        + "FIRST_TS TIMESTAMP NOT NULL, QUEUED_TS TIMESTAMP, ANSWERED_TS TIMESTAMP, ENDED_TS TIMESTAMP, "
                        + "OUTCOME VARCHAR(16), LAST_EVENT VARCHAR(32) NOT NULL, LAST_TS TIMESTAMP NOT NULL, "
                        + "QUEUE VARCHAR(128), AGENT VARCHAR(128), DN VARCHAR(128), EVENTS INT NOT NULL, "
                        + "PRIMARY KEY (TENANT, CALL_ID))");
    }

    /**
     * Creates what is missing. Nodes sharing a network database may do so at once: the positions
     * table comes first, alone, and the rest under its exclusive lock, as concurrent DDL on one
     * table otherwise deadlocks in Derby (and waits out its deadlock timeout).
     */
    void create(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        List<String> ddl = ddl();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            String first = ddl.stream().filter(d -> d.startsWith("CREATE TABLE " + positions + " ")).findFirst()
                    .orElseThrow();
            execute(s, first);
            c.setAutoCommit(false);
            s.execute("LOCK TABLE " + positions + " IN EXCLUSIVE MODE");
            for (String sql : ddl) {
                if (!sql.equals(first)) {
                    execute(s, sql);
                }
            }
            c.commit();
        } catch (SQLException e) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static void execute(Statement s, String sql) throws SQLException {
        try {
            s.execute(sql);
        } catch (SQLException e) {
            // X0Y32: the table or index exists already (another node made it)
            if (!"X0Y32".equals(e.getSQLState())) {
                throw e;
            }
        }
    }
}
