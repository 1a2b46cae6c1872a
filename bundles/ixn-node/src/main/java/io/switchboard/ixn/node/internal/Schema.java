package io.switchboard.ixn.node.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The node's tables, created and migrated in steps: a database keeps the version it reached in
 * IXN_SCHEMA and gets only the steps after it. Append new steps; never edit an old one.
 */
final class Schema {

    static final List<List<String>> STEPS = List.of(
            // 1: interactions, agents, event log, pair lease, id counter
            List.of("CREATE TABLE IXN_INTERACTION (ID VARCHAR(128) NOT NULL PRIMARY KEY, TENANT VARCHAR(128) NOT NULL, "
                            + "MEDIA VARCHAR(64) NOT NULL, QUEUE VARCHAR(128), PRIORITY INT NOT NULL, "
                            + "SUBMITTED BIGINT NOT NULL, STATE VARCHAR(16) NOT NULL, AGENT VARCHAR(128), "
                            + "WORKBIN VARCHAR(128), OWNER VARCHAR(128), OFFERED_UNTIL BIGINT, DATA VARCHAR(32000), "
                            + "REASON VARCHAR(1000), UPDATED BIGINT NOT NULL)",
                    "CREATE INDEX IXN_QUEUE_ORDER ON IXN_INTERACTION (TENANT, QUEUE, STATE, PRIORITY DESC, SUBMITTED, ID)",
                    "CREATE INDEX IXN_WORKBIN ON IXN_INTERACTION (TENANT, WORKBIN, STATE)",
                    "CREATE TABLE IXN_AGENT (TENANT VARCHAR(128) NOT NULL, AGENT VARCHAR(128) NOT NULL, "
                            + "MEDIA VARCHAR(64) NOT NULL, PLACE VARCHAR(128), STATE VARCHAR(16) NOT NULL, "
                            + "PRIMARY KEY (TENANT, AGENT, MEDIA))",
                    "CREATE TABLE IXN_EVENT (SEQ BIGINT NOT NULL PRIMARY KEY, TS BIGINT NOT NULL, TYPE VARCHAR(64) NOT NULL, "
                            + "LINE VARCHAR(32000) NOT NULL)",
                    "CREATE TABLE IXN_LEASE (ID INT NOT NULL PRIMARY KEY, HOLDER VARCHAR(128), EXPIRES BIGINT NOT NULL)",
                    "INSERT INTO IXN_LEASE (ID, HOLDER, EXPIRES) VALUES (1, NULL, 0)",
                    "CREATE TABLE IXN_COUNTER (NAME VARCHAR(32) NOT NULL PRIMARY KEY, VAL BIGINT NOT NULL)",
                    "INSERT INTO IXN_COUNTER (NAME, VAL) VALUES ('id', 0)"),
            // 2: the event log tells canonical events (published on the bus) from log-only entries
            List.of("ALTER TABLE IXN_EVENT ADD COLUMN CANONICAL SMALLINT NOT NULL DEFAULT 1"),
            // 3: views ordered by age alone
            List.of("CREATE INDEX IXN_QUEUE_AGE ON IXN_INTERACTION (TENANT, QUEUE, STATE, SUBMITTED, ID)"));

    private Schema() {
    }

    /**
     * Brings the database to the latest version. The two instances of a pair may race here, in
     * this JVM or (over a network server) in two: the version table is locked for the migration,
     * and the one that loses the race to create it just uses the winner's.
     */
    static synchronized int migrate(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            if (!tableExists(c, "IXN_SCHEMA")) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("CREATE TABLE IXN_SCHEMA (VERSION INT NOT NULL)");
                    s.executeUpdate("INSERT INTO IXN_SCHEMA (VERSION) VALUES (0)");
                    c.commit();
                } catch (SQLException e) {
                    // X0Y32: the partner created it first
                    c.rollback();
                    if (!"X0Y32".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("LOCK TABLE IXN_SCHEMA IN EXCLUSIVE MODE");
            }
            int version;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION FROM IXN_SCHEMA")) {
                rs.next();
                version = rs.getInt(1);
            }
            for (int step = version; step < STEPS.size(); step++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : STEPS.get(step)) {
                        s.executeUpdate(sql);
                    }
                    s.executeUpdate("UPDATE IXN_SCHEMA SET VERSION = " + (step + 1));
                }
            }
            c.commit();
            return STEPS.size();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
