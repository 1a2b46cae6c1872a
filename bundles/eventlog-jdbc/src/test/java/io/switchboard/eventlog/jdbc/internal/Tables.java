package io.switchboard.eventlog.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/** What a test reads back from the event logger's tables, over its own connection. */
final class Tables {

    private final Derby db;
    private final Schema schema;

    Tables(Derby db, Schema schema) {
        this.db = db;
        this.schema = schema;
    }

    Tables(JdbcEventLog log) {
        this(new Derby(log.url(), java.nio.file.Paths.get(".")), log.schema());
    }

    private <T> T query(String sql, Reader<T> reader) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return reader.read(r);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    interface Reader<T> {
        T read(ResultSet r) throws SQLException;
    }

    /** (source/seq) to how many rows of the events table hold it. */
    Map<String, Integer> events() {
        return query("SELECT SOURCE, SEQ FROM " + schema.events, r -> {
            Map<String, Integer> n = new HashMap<>();
            while (r.next()) {
                n.merge(r.getString(1) + "/" + r.getLong(2), 1, Integer::sum);
            }
            return n;
        });
    }

    /** Rows of the table; 0 while no writer has created it yet. */
    int count(String table) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            if ("42X05".equals(e.getSQLState())) {
                return 0;
            }
            throw new IllegalStateException(table + ": " + e.getMessage(), e);
        }
    }

    int countOrFail(String table) {
        return query("SELECT COUNT(*) FROM " + table, r -> {
            r.next();
            return r.getInt(1);
        });
    }

    /** The agent's sessions: {login ms, logout ms or -1, pairs}, by login. */
    List<long[]> sessions(String tenant, String agent) {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        return query("SELECT LOGIN_TS, LOGOUT_TS, PAIRS FROM " + schema.sessions + " WHERE TENANT = '" + tenant
                + "' AND AGENT = '" + agent + "' ORDER BY LOGIN_TS", r -> {
                    List<long[]> l = new ArrayList<>();
                    while (r.next()) {
                        java.sql.Timestamp out = r.getTimestamp(2, utc);
                        l.add(new long[] {r.getTimestamp(1, utc).getTime(), out == null ? -1 : out.getTime(), r.getInt(3)});
                    }
                    return l;
                });
    }

    /** A call's row: column name to value as text (timestamps as epoch ms). */
    Map<String, String> call(String tenant, String call) {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        return query("SELECT * FROM " + schema.calls + " WHERE TENANT = '" + tenant + "' AND CALL_ID = '" + call + "'",
                r -> {
                    Map<String, String> m = new HashMap<>();
                    if (r.next()) {
                        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                            String name = r.getMetaData().getColumnName(i);
                            if (r.getMetaData().getColumnType(i) == java.sql.Types.TIMESTAMP) {
                                java.sql.Timestamp t = r.getTimestamp(i, utc);
                                m.put(name, t == null ? null : String.valueOf(t.getTime()));
                            } else {
                                m.put(name, r.getString(i));
                            }
                        }
                    }
                    return m;
                });
    }
}
