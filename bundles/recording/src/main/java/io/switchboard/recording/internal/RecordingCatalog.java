package io.switchboard.recording.internal;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.Segment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The recording processor's metadata in Derby: {@code RECORDINGS} (one row per recording, the
 * searched columns indexed) and {@code RECORDING_SEGMENTS} (one row per segment). Times are epoch
 * milliseconds (BIGINT), exact and free of the database's time zone. Searches read here, so a
 * recording stays findable after the grid has let it go.
 */
final class RecordingCatalog {

    static final String RECORDINGS = "RECORDINGS";
    static final String SEGMENTS = "RECORDING_SEGMENTS";
    private static final String COLUMNS = "ID, TENANT, CALL_ID, AGENT, DN, QUEUE, START_MS, END_MS, STATE, ENCRYPTED, "
            + "MANAGER, DNS, MEDIA_SERVER, GAP_MS";

    /** Width of the name columns: io.switchboard.api.Limits.NAME, the longest name an event carries. */
    private static final int NAME = io.switchboard.api.Limits.NAME;

    private final DataSource db;
    private final int limit;

    /** @param limit most recordings one search answers (the oldest first) */
    RecordingCatalog(DataSource db, int limit) throws SQLException {
        this.db = db;
        this.limit = limit;
        createTables();
    }

    private void createTables() throws SQLException {
        List<String> ddl = List.of(
                "CREATE TABLE " + RECORDINGS + " (ID VARCHAR(128) NOT NULL PRIMARY KEY, TENANT VARCHAR(128) NOT NULL, "
                        + "CALL_ID VARCHAR(128) NOT NULL, AGENT VARCHAR(128), DN VARCHAR(128), QUEUE VARCHAR(128), "
                        + "START_MS BIGINT NOT NULL, END_MS BIGINT, STATE VARCHAR(16) NOT NULL, "
                        + "ENCRYPTED SMALLINT NOT NULL, MANAGER VARCHAR(128), DNS VARCHAR(2000), "
                        + "MEDIA_SERVER VARCHAR(128), GAP_MS BIGINT NOT NULL)",
                "CREATE INDEX " + RECORDINGS + "_BY_CALL ON " + RECORDINGS + " (TENANT, CALL_ID)",
                "CREATE INDEX " + RECORDINGS + "_BY_AGENT ON " + RECORDINGS + " (TENANT, AGENT)",
                "CREATE INDEX " + RECORDINGS + "_BY_START ON " + RECORDINGS + " (START_MS)",
                "CREATE TABLE " + SEGMENTS + " (RECORDING_ID VARCHAR(128) NOT NULL, IDX INT NOT NULL, "
                        + "MEDIA_SERVER VARCHAR(128) NOT NULL, START_MS BIGINT NOT NULL, END_MS BIGINT, "
                        + "GAP_MS BIGINT NOT NULL, FILE_NAME VARCHAR(1000) NOT NULL, BYTES BIGINT NOT NULL, "
                        + "CHUNKS INT NOT NULL, COMPLETE SMALLINT NOT NULL, PRIMARY KEY (RECORDING_ID, IDX))");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String sql : ddl) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    // X0Y32: made already (an earlier start, or another node on a shared database)
                    if (!"X0Y32".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Writes the newest state of each recording (and its segments) in one transaction. */
    void save(Collection<Recording> recordings) throws SQLException {
        if (recordings.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE " + RECORDINGS + " SET TENANT = ?, "
                    + "CALL_ID = ?, AGENT = ?, DN = ?, QUEUE = ?, START_MS = ?, END_MS = ?, STATE = ?, ENCRYPTED = ?, "
                    + "MANAGER = ?, DNS = ?, MEDIA_SERVER = ?, GAP_MS = ? WHERE ID = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + RECORDINGS + " (TENANT, CALL_ID, "
                            + "AGENT, DN, QUEUE, START_MS, END_MS, STATE, ENCRYPTED, MANAGER, DNS, MEDIA_SERVER, GAP_MS, "
                            + "ID) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement drop = c.prepareStatement("DELETE FROM " + SEGMENTS + " WHERE RECORDING_ID = ?");
                    PreparedStatement segment = c.prepareStatement("INSERT INTO " + SEGMENTS + " (RECORDING_ID, IDX, "
                            + "MEDIA_SERVER, START_MS, END_MS, GAP_MS, FILE_NAME, BYTES, CHUNKS, COMPLETE) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Recording r : recordings) {
                    bind(update, r);
                    if (update.executeUpdate() == 0) {
                        bind(insert, r);
                        insert.executeUpdate();
                    }
                    drop.setString(1, r.id());
                    drop.executeUpdate();
                    for (Segment s : r.segments()) {
                        segment.setString(1, r.id());
                        segment.setInt(2, s.index());
                        segment.setString(3, s.mediaServer());
                        segment.setLong(4, s.start());
                        setLong(segment, 5, s.end());
                        segment.setLong(6, s.gapMillis());
                        segment.setString(7, s.file());
                        segment.setLong(8, s.bytes());
                        segment.setInt(9, s.chunks());
                        segment.setShort(10, (short) (s.complete() ? 1 : 0));
                        segment.addBatch();
                    }
                }
                segment.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void bind(PreparedStatement p, Recording r) throws SQLException {
        p.setString(1, r.tenant());
        p.setString(2, r.call());
        p.setString(3, r.agent());
        p.setString(4, r.dn());
        p.setString(5, r.queue());
        p.setLong(6, r.start());
        setLong(p, 7, r.end());
        p.setString(8, r.state());
        p.setShort(9, (short) (r.encrypted() ? 1 : 0));
        p.setString(10, r.manager());
        p.setString(11, String.join(",", r.dns()));
        p.setString(12, r.mediaServer());
        p.setLong(13, r.gapMillis());
        p.setString(14, r.id());
    }

    private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, v);
        }
    }

    /** Recordings matching the query, oldest first, at most the configured limit. */
    List<Recording> find(RecordingQuery q) throws SQLException {
        if (tooLong(q.tenant()) || tooLong(q.call()) || tooLong(q.agent())) {
            // no column holds it; Derby would refuse the parameter rather than match nothing
            return List.of();
        }
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        condition(where, args, "TENANT = ?", q.tenant());
        condition(where, args, "CALL_ID = ?", q.call());
        condition(where, args, "AGENT = ?", q.agent());
        condition(where, args, "START_MS <= ?", q.to());
        condition(where, args, "(END_MS IS NULL OR END_MS >= ?)", q.from());
        return select(where + " ORDER BY START_MS, ID FETCH FIRST " + limit + " ROWS ONLY", args);
    }

    private static boolean tooLong(String s) {
        return s != null && s.length() > NAME;
    }

    /** One recording, or null. */
    Recording get(String id) throws SQLException {
        if (tooLong(id)) {
            return null;
        }
        List<Recording> r = select(" WHERE ID = ?", List.of(id));
        return r.isEmpty() ? null : r.get(0);
    }

    private static void condition(StringBuilder where, List<Object> args, String sql, Object value) {
        if (value != null) {
            where.append(" AND ").append(sql);
            args.add(value);
        }
    }

    private List<Recording> select(String tail, List<Object> args) throws SQLException {
        Map<String, Recording> found = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM " + RECORDINGS + tail)) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String dns = rs.getString("DNS");
                    Recording r = new Recording(rs.getString("ID"), rs.getString("TENANT"), rs.getString("CALL_ID"),
                            rs.getString("AGENT"), rs.getString("DN"), rs.getString("QUEUE"), rs.getLong("START_MS"),
                            nullableLong(rs, "END_MS"), rs.getString("STATE"), List.of(), rs.getShort("ENCRYPTED") != 0,
                            rs.getString("MANAGER"), dns == null || dns.isEmpty() ? List.of()
                                    : Arrays.asList(dns.split(",")));
                    found.put(r.id(), r);
                }
            }
            if (found.isEmpty()) {
                return List.of();
            }
            segments(c, found);
        }
        return new ArrayList<>(found.values());
    }

    /** Puts each recording's segments in, a few hundred ids per query. */
    private static void segments(Connection c, Map<String, Recording> found) throws SQLException {
        List<String> ids = new ArrayList<>(found.keySet());
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(part.size(), "?"));
            try (PreparedStatement p = c.prepareStatement("SELECT RECORDING_ID, IDX, MEDIA_SERVER, START_MS, END_MS, "
                    + "GAP_MS, FILE_NAME, BYTES, CHUNKS, COMPLETE FROM " + SEGMENTS + " WHERE RECORDING_ID IN (" + marks
                    + ") ORDER BY RECORDING_ID, IDX")) {
                for (int i = 0; i < part.size(); i++) {
                    p.setString(i + 1, part.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Segment s = new Segment(rs.getInt("IDX"), rs.getString("MEDIA_SERVER"), rs.getLong("START_MS"),
                                nullableLong(rs, "END_MS"), rs.getLong("GAP_MS"), rs.getString("FILE_NAME"),
                                rs.getLong("BYTES"), rs.getInt("CHUNKS"), rs.getShort("COMPLETE") != 0);
                        found.computeIfPresent(rs.getString("RECORDING_ID"), (k, r) -> r.withSegment(s));
                    }
                }
            }
        }
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
