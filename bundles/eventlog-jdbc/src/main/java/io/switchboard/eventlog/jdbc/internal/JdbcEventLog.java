package io.switchboard.eventlog.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to the Derby tables of {@link Schema}, each batch in one transaction. Writes are
 * idempotent by (source, seq): the transaction first locks the source's position row and skips
 * what it already holds, and the derived rows (sessions, calls) change only for events it inserts,
 * so a replayed batch — or a second node writing the same source to a shared database — changes
 * nothing.
 *
 * <p>Agent sessions are derived from the login/logout pairs of every source as the union of
 * overlapping intervals, recomputed only around the pair that changed, so the result does not
 * depend on the order in which sources' batches arrive: several nodes reporting their own
 * overlapping pairs for one agent make one session per real login.
 */
public final class JdbcEventLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEventLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadLocal<Calendar> UTC =
            ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

    private final Derby db;
    private final Schema schema;
    private Connection connection;

    JdbcEventLog(Derby db, Schema schema) {
        this.db = db;
        this.schema = schema;
    }

    public JdbcEventLog(String databaseUrl, String table, java.nio.file.Path base) {
        this(new Derby(databaseUrl, base), new Schema(table));
    }

    String url() {
        return db.url();
    }

    Schema schema() {
        return schema;
    }

    /** Connects and creates the tables; a failure is thrown, and the next write tries again. */
    public synchronized void open() throws SQLException {
        connection();
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = db.connect();
            try {
                schema.create(c);
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /** Writes the events not yet in the tables, durably (one commit) before returning. */
    public synchronized void write(List<CanonicalEvent> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        Connection c = connection();
        try {
            Map<String, List<CanonicalEvent>> bySource = new TreeMap<>();
            for (CanonicalEvent e : batch) {
                bySource.computeIfAbsent(e.source(), s -> new ArrayList<>()).add(e);
            }
            List<CanonicalEvent> fresh = new ArrayList<>();
            // sources in name order: two writers of a shared database lock them in one order
            for (Map.Entry<String, List<CanonicalEvent>> s : bySource.entrySet()) {
                long last = lockPosition(c, s.getKey());
                long top = last;
                List<CanonicalEvent> events = new ArrayList<>(s.getValue());
                events.sort(Comparator.comparingLong(CanonicalEvent::seq));
                for (CanonicalEvent e : events) {
                    if (e.seq() > top) {
                        fresh.add(e);
                        top = e.seq();
                    }
                }
                if (top > last) {
                    try (PreparedStatement p = c.prepareStatement(
                            "UPDATE " + schema.positions + " SET LAST_SEQ = ? WHERE SOURCE = ?")) {
                        p.setLong(1, top);
                        p.setString(2, s.getKey());
                        p.executeUpdate();
                    }
                }
            }
            if (!fresh.isEmpty()) {
                insertEvents(c, fresh);
                deriveSessions(c, fresh);
                deriveCalls(c, fresh);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            drop(c);
            throw e;
        }
    }

    /** A failed transaction: roll back, and reconnect next time (the connection may be gone). */
    private void drop(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it below is all there is left to do
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // as above
        }
        connection = null;
    }

    /** Takes the source's position row (creating it) for this transaction; its last seq. */
    private long lockPosition(Connection c, String source) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE " + schema.positions + " SET LAST_SEQ = LAST_SEQ WHERE SOURCE = ?")) {
            p.setString(1, source);
            if (p.executeUpdate() == 0) {
                // another node inserting the same row at once fails this transaction: the retry finds it
                try (PreparedStatement i = c.prepareStatement(
                        "INSERT INTO " + schema.positions + " (SOURCE, LAST_SEQ) VALUES (?, 0)")) {
                    i.setString(1, source);
                    i.executeUpdate();
                }
                return 0;
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "SELECT LAST_SEQ FROM " + schema.positions + " WHERE SOURCE = ?")) {
            p.setString(1, source);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void insertEvents(Connection c, List<CanonicalEvent> events) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema.events
                + " (SOURCE, SEQ, TS, TYPE, TENANT, MEDIA, AGENT, PLACE, DN, CALL_ID, QUEUE, DIRECTION, REASON, "
                + "WORK_MODE, DATA) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CanonicalEvent e : events) {
                p.setString(1, e.source());
                p.setLong(2, e.seq());
                p.setTimestamp(3, ts(e.ts()), UTC.get());
                p.setString(4, e.type().name());
                p.setString(5, e.tenant());
                p.setString(6, e.media());
                p.setString(7, e.agent());
                p.setString(8, e.place());
                p.setString(9, e.dn());
                p.setString(10, e.call());
                p.setString(11, e.queue());
                p.setString(12, e.direction());
                p.setString(13, e.reason());
                p.setString(14, e.workMode());
                if (e.data().isEmpty()) {
                    p.setNull(15, Types.CLOB);
                } else {
                    p.setString(15, json(e.data()));
                }
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static String json(Map<String, String> data) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attached data not writable as JSON", e);
        }
    }

    static Timestamp ts(long millis) {
        return new Timestamp(millis);
    }

    private static long millis(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column, UTC.get());
        return t == null ? Long.MAX_VALUE : t.getTime();
    }

    // ---- agent sessions -------------------------------------------------------------------

    /** The login's scope within its source: the DN on voice, else the media. */
    private static String scope(CanonicalEvent e) {
        return e.isVoice() && e.dn() != null ? "dn:" + e.dn() : "media:" + e.media();
    }

    private void deriveSessions(Connection c, List<CanonicalEvent> fresh) throws SQLException {
        Map<List<String>, List<CanonicalEvent>> byAgent = new TreeMap<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
        for (CanonicalEvent e : fresh) {
            if ((e.type() == EventType.AgentLogin || e.type() == EventType.AgentLogout) && e.agent() != null) {
                byAgent.computeIfAbsent(List.of(e.tenant(), e.agent()), k -> new ArrayList<>()).add(e);
            }
        }
        // agents in one order, each locked before its sessions are read: no deadlock, no lost update
        for (Map.Entry<List<String>, List<CanonicalEvent>> a : byAgent.entrySet()) {
            String tenant = a.getKey().get(0);
            String agent = a.getKey().get(1);
            lockAgent(c, tenant, agent);
            for (CanonicalEvent e : a.getValue()) {
                if (e.type() == EventType.AgentLogin) {
                    login(c, e);
                } else {
                    logout(c, e);
                }
            }
        }
    }

    private void lockAgent(Connection c, String tenant, String agent) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE " + schema.agents + " SET CHANGES = CHANGES + 1 WHERE TENANT = ? AND AGENT = ?")) {
            p.setString(1, tenant);
            p.setString(2, agent);
            if (p.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO " + schema.agents + " (TENANT, AGENT, CHANGES) VALUES (?, ?, 1)")) {
            p.setString(1, tenant);
            p.setString(2, agent);
            p.executeUpdate();
        }
    }

    /** The source's open pair for the event's agent and scope: {login seq, login ts}, or null. */
    private long[] openPair(Connection c, CanonicalEvent e) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT LOGIN_SEQ, LOGIN_TS FROM " + schema.logins
                + " WHERE SOURCE = ? AND TENANT = ? AND AGENT = ? AND SCOPE = ? AND LOGOUT_TS IS NULL")) {
            p.setString(1, e.source());
            p.setString(2, e.tenant());
            p.setString(3, e.agent());
            p.setString(4, scope(e));
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? new long[] {r.getLong(1), millis(r, "LOGIN_TS")} : null;
            }
        }
    }

    private void login(Connection c, CanonicalEvent e) throws SQLException {
        if (openPair(c, e) != null) {
            // a repeated login on a scope the source reports logged in: the same pair goes on
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema.logins
                + " (SOURCE, LOGIN_SEQ, TENANT, AGENT, SCOPE, LOGIN_TS) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, e.source());
            p.setLong(2, e.seq());
            p.setString(3, e.tenant());
            p.setString(4, e.agent());
            p.setString(5, scope(e));
            p.setTimestamp(6, ts(e.ts()), UTC.get());
            p.executeUpdate();
        }
        rebuild(c, e.tenant(), e.agent(), e.ts(), Long.MAX_VALUE);
    }

    private void logout(Connection c, CanonicalEvent e) throws SQLException {
        long[] open = openPair(c, e);
        if (open == null) {
            LOG.debug("Logout {}/{} of agent {} matches no login of that source; no session changes",
                    e.source(), e.seq(), e.agent());
            return;
        }
        long end = Math.max(e.ts(), open[1]);
        try (PreparedStatement p = c.prepareStatement("UPDATE " + schema.logins
                + " SET LOGOUT_TS = ?, LOGOUT_SEQ = ? WHERE SOURCE = ? AND LOGIN_SEQ = ?")) {
            p.setTimestamp(1, ts(end), UTC.get());
            p.setLong(2, e.seq());
            p.setString(3, e.source());
            p.setLong(4, open[0]);
            p.executeUpdate();
        }
        // the pair was [login, open) and is now [login, end]: everything it touched is recomputed
        rebuild(c, e.tenant(), e.agent(), open[1], Long.MAX_VALUE);
    }

    /**
     * Recomputes the agent's sessions that meet [from, to] (to = MAX_VALUE: open-ended) from the
     * pairs. Sessions are disjoint (pairs that touch or overlap are one session), so the sessions
     * meeting the range together with it form one span, and the pairs meeting that span are
     * exactly the pairs of those sessions plus the changed one.
     */
    private void rebuild(Connection c, String tenant, String agent, long from, long to) throws SQLException {
        long lo = from;
        long hi = to;
        String meets = " WHERE TENANT = ? AND AGENT = ? AND (LOGOUT_TS IS NULL OR LOGOUT_TS >= ?)"
                + " AND LOGIN_TS <= ?";
        try (PreparedStatement p = c.prepareStatement("SELECT LOGIN_TS, LOGOUT_TS FROM " + schema.sessions + meets)) {
            bind(p, tenant, agent, from, to);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    lo = Math.min(lo, millis(r, "LOGIN_TS"));
                    hi = Math.max(hi, millis(r, "LOGOUT_TS"));
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + schema.sessions + meets)) {
            bind(p, tenant, agent, lo, hi);
            p.executeUpdate();
        }
        List<long[]> pairs = new ArrayList<>();
        List<String> firstSources = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT SOURCE, LOGIN_SEQ, LOGIN_TS, LOGOUT_TS FROM "
                + schema.logins + meets + " ORDER BY LOGIN_TS, SOURCE, LOGIN_SEQ")) {
            bind(p, tenant, agent, lo, hi);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    pairs.add(new long[] {millis(r, "LOGIN_TS"), millis(r, "LOGOUT_TS"), r.getLong("LOGIN_SEQ")});
                    firstSources.add(r.getString("SOURCE"));
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema.sessions
                + " (TENANT, AGENT, LOGIN_TS, LOGOUT_TS, PAIRS, FIRST_SOURCE, FIRST_SEQ) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int i = 0;
            while (i < pairs.size()) {
                long start = pairs.get(i)[0];
                long end = pairs.get(i)[1];
                String firstSource = firstSources.get(i);
                long firstSeq = pairs.get(i)[2];
                int n = 1;
                i++;
                while (i < pairs.size() && pairs.get(i)[0] <= end) {
                    end = Math.max(end, pairs.get(i)[1]);
                    n++;
                    i++;
                }
                p.setString(1, tenant);
                p.setString(2, agent);
                p.setTimestamp(3, ts(start), UTC.get());
                if (end == Long.MAX_VALUE) {
                    p.setNull(4, Types.TIMESTAMP);
                } else {
                    p.setTimestamp(4, ts(end), UTC.get());
                }
                p.setInt(5, n);
                p.setString(6, firstSource);
                p.setLong(7, firstSeq);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void bind(PreparedStatement p, String tenant, String agent, long from, long to)
            throws SQLException {
        p.setString(1, tenant);
        p.setString(2, agent);
        p.setTimestamp(3, ts(from), UTC.get());
        // an open end reaches past every timestamp Derby can hold
        p.setTimestamp(4, ts(Math.min(to, io.switchboard.api.Limits.TS_MAX)), UTC.get());
    }

    // ---- calls and interactions ----------------------------------------------------------

    /** A call's life cycle so far; merging two is order-free (min, max, latest by ts). */
    static final class Call {
        String tenant;
        String id;
        String media;
        String direction;
        long firstTs = Long.MAX_VALUE;
        long queuedTs = Long.MAX_VALUE;
        long answeredTs = Long.MAX_VALUE;
        boolean abandoned;
        boolean cleared;
        String lastEvent;
        long lastTs = Long.MIN_VALUE;
        String queue;
        String agent;
        String dn;
        int events;

        void add(CanonicalEvent e) {
            if (e.ts() < firstTs) {
                firstTs = e.ts();
                direction = e.effectiveDirection();
            }
            switch (e.type()) {
                case CallQueued -> queuedTs = Math.min(queuedTs, e.ts());
                case CallEstablished -> answeredTs = Math.min(answeredTs, e.ts());
                case CallAbandoned -> abandoned = true;
                case CallCleared -> cleared = true;
                default -> { }
            }
            if (e.ts() >= lastTs) {
                lastTs = e.ts();
                lastEvent = e.type().name();
                queue = e.queue() != null ? e.queue() : queue;
                agent = e.agent() != null ? e.agent() : agent;
                dn = e.dn() != null ? e.dn() : dn;
            }
            events++;
        }

        void merge(Call older) {
            if (older.firstTs <= firstTs) {
                firstTs = older.firstTs;
                direction = older.direction;
            }
            queuedTs = Math.min(queuedTs, older.queuedTs);
            answeredTs = Math.min(answeredTs, older.answeredTs);
            abandoned |= older.abandoned;
            cleared |= older.cleared;
            if (older.lastTs > lastTs) {
                lastTs = older.lastTs;
                lastEvent = older.lastEvent;
                queue = older.queue != null ? older.queue : queue;
                agent = older.agent != null ? older.agent : agent;
                dn = older.dn != null ? older.dn : dn;
            } else {
                queue = queue != null ? queue : older.queue;
                agent = agent != null ? agent : older.agent;
                dn = dn != null ? dn : older.dn;
            }
            events += older.events;
        }

        String state() {
            return switch (EventType.valueOf(lastEvent)) {
                case CallQueued -> "QUEUED";
                case CallDiverted, CallRinging -> "RINGING";
                case CallDialing -> "DIALING";
                case CallEstablished, CallRetrieved -> "ESTABLISHED";
                case CallHeld -> "HELD";
                default -> "ENDED";
            };
        }

        String outcome() {
            if (!"ENDED".equals(state())) {
                return null;
            }
            if (answeredTs != Long.MAX_VALUE) {
                return "ANSWERED";
            }
            return abandoned ? "ABANDONED" : cleared ? "CLEARED" : "RELEASED";
        }
    }

    private void deriveCalls(Connection c, List<CanonicalEvent> fresh) throws SQLException {
        Map<List<String>, Call> calls = new TreeMap<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
        for (CanonicalEvent e : fresh) {
            if (e.type().isCallEvent() && e.call() != null) {
                Call call = calls.computeIfAbsent(List.of(e.tenant(), e.call()), k -> {
                    Call n = new Call();
                    n.tenant = e.tenant();
                    n.id = e.call();
                    n.media = e.media();
                    return n;
                });
                call.add(e);
            }
        }
        // in key order: writers of a shared database take the rows' locks in one order
        for (Call call : calls.values()) {
            Call stored = lockCall(c, call);
            if (stored == null) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema.calls
                        + " (TENANT, CALL_ID, MEDIA, DIRECTION, STATE, FIRST_TS, QUEUED_TS, ANSWERED_TS, ENDED_TS, "
                        + "OUTCOME, LAST_EVENT, LAST_TS, QUEUE, AGENT, DN, EVENTS) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, call.tenant);
                    p.setString(2, call.id);
                    p.setString(3, call.media);
                    setCall(p, 4, call);
                    p.executeUpdate();
                }
            } else {
                call.merge(stored);
                try (PreparedStatement p = c.prepareStatement("UPDATE " + schema.calls
                        + " SET DIRECTION = ?, STATE = ?, FIRST_TS = ?, QUEUED_TS = ?, ANSWERED_TS = ?, ENDED_TS = ?, "
                        + "OUTCOME = ?, LAST_EVENT = ?, LAST_TS = ?, QUEUE = ?, AGENT = ?, DN = ?, EVENTS = ? "
                        + "WHERE TENANT = ? AND CALL_ID = ?")) {
                    setCall(p, 1, call);
                    p.setString(14, call.tenant);
                    p.setString(15, call.id);
                    p.executeUpdate();
                }
            }
        }
    }

    /** DIRECTION ... EVENTS from column {@code i} on. */
    private static void setCall(PreparedStatement p, int i, Call call) throws SQLException {
        p.setString(i, call.direction);
        p.setString(i + 1, call.state());
        p.setTimestamp(i + 2, ts(call.firstTs), UTC.get());
        setTs(p, i + 3, call.queuedTs);
        setTs(p, i + 4, call.answeredTs);
        setTs(p, i + 5, "ENDED".equals(call.state()) ? call.lastTs : Long.MAX_VALUE);
        p.setString(i + 6, call.outcome());
        p.setString(i + 7, call.lastEvent);
        p.setTimestamp(i + 8, ts(call.lastTs), UTC.get());
        p.setString(i + 9, call.queue);
        p.setString(i + 10, call.agent);
        p.setString(i + 11, call.dn);
        p.setInt(i + 12, call.events);
    }

    private static void setTs(PreparedStatement p, int i, long millis) throws SQLException {
        if (millis == Long.MAX_VALUE) {
            p.setNull(i, Types.TIMESTAMP);
        } else {
            p.setTimestamp(i, ts(millis), UTC.get());
        }
    }

    /** Locks the call's row and reads it back, or null when the call is new. */
    private Call lockCall(Connection c, Call call) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE " + schema.calls + " SET EVENTS = EVENTS WHERE TENANT = ? AND CALL_ID = ?")) {
            p.setString(1, call.tenant);
            p.setString(2, call.id);
            if (p.executeUpdate() == 0) {
                return null;
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM " + schema.calls
                + " WHERE TENANT = ? AND CALL_ID = ?")) {
            p.setString(1, call.tenant);
            p.setString(2, call.id);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                Call s = new Call();
                s.tenant = call.tenant;
                s.id = call.id;
                s.media = r.getString("MEDIA");
                s.direction = r.getString("DIRECTION");
                s.firstTs = millis(r, "FIRST_TS");
                s.queuedTs = millis(r, "QUEUED_TS");
                s.answeredTs = millis(r, "ANSWERED_TS");
                String outcome = r.getString("OUTCOME");
                s.abandoned = "ABANDONED".equals(outcome);
                s.cleared = "CLEARED".equals(outcome);
                s.lastEvent = r.getString("LAST_EVENT");
                s.lastTs = millis(r, "LAST_TS");
                s.queue = r.getString("QUEUE");
                s.agent = r.getString("AGENT");
                s.dn = r.getString("DN");
                s.events = r.getInt("EVENTS");
                return s;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Event log connection closed with {}", e.getMessage());
            }
            connection = null;
        }
        db.shutdown();
    }

    /** Drops the connection without shutting the database down: what a crash leaves. */
    synchronized void abandon() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // an open transaction; nothing was committed by it
            }
            connection = null;
        }
    }
}
