package io.switchboard.ixn.node.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.Interaction.State;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeInfo;
import io.switchboard.api.interaction.NodeUnavailableException;
import io.switchboard.api.interaction.SeatControl;
import io.switchboard.api.interaction.SubmitRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One instance of an Interaction Server node on its Derby database. Writes are serialised per
 * instance and each one re-validates this instance's lease inside its own transaction, so the two
 * instances of a pair can never both write: an instance that lost the lease fails the request
 * with {@link NodeUnavailableException} instead of forking the pair's state. Every change appends
 * to the node's event log in the same transaction; the canonical ones are published on the bus
 * from there (see {@link EventPublisher}), so an event is never lost nor invented by a failover.
 */
public final class NodeEngine implements InteractionNode {

    /** What a node is configured with. */
    public record Settings(String name, String instance, Set<String> tenants, Set<String> mediaTypes,
            Set<String> disabledMediaTypes, int maxInteractionsPerSnapshot, long pullHoldMillis,
            long offerTimeoutMillis, long leaseMillis) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "ID, TENANT, MEDIA, QUEUE, PRIORITY, SUBMITTED, STATE, AGENT, WORKBIN, "
            + "OWNER, DATA, REASON";
    private static final Map<String, String> FIND_FIELDS = Map.of("id", "ID", "queue", "QUEUE", "media", "MEDIA",
            "state", "STATE", "agent", "AGENT", "workbin", "WORKBIN", "owner", "OWNER");

    private final Settings settings;
    private final NodeInfo info;
    private final NodeDatabase database;
    private final LongSupplier clock;
    private final LongSupplier ticker;
    private final Supplier<SeatControl> seats;
    private final String source;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Runnable onEvents;

    /**
     * Who holds the lease: the instance and this engine's own token. Two processes configured
     * alike by mistake (both "node1-primary" on one network database) stay two holders, never one
     * that both believe to be.
     */
    private final String holder;
    private Connection connection;
    private final LeaseWatch watch;
    private volatile long epoch;
    private volatile boolean active;
    private volatile boolean stopped;
    private long nextSeq;

    public final AtomicLong submitted = new AtomicLong();
    public final AtomicLong offered = new AtomicLong();
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong revoked = new AtomicLong();
    public final AtomicLong eventsLogged = new AtomicLong();
    public final AtomicInteger heldPulls = new AtomicInteger();

    /** An engine whose one clock (milliseconds) also times the lease watch: for tests that move time. */
    public NodeEngine(Settings settings, NodeDatabase database, LongSupplier clock, Supplier<SeatControl> seats,
            Runnable onEvents) {
        this(settings, database, clock, () -> clock.getAsLong() * 1_000_000L, seats, onEvents);
    }

    /**
     * @param clock what interactions and the lease row are stamped with (the cluster's clock in a cluster)
     * @param ticker monotonic nanoseconds that time the partner's lease ({@link LeaseWatch})
     */
    public NodeEngine(Settings settings, NodeDatabase database, LongSupplier clock, LongSupplier ticker,
            Supplier<SeatControl> seats, Runnable onEvents) {
        this.settings = settings;
        this.ticker = ticker;
        this.database = database;
        this.clock = clock;
        this.seats = seats;
        this.onEvents = onEvents;
        this.source = "ixn-" + settings.name();
        this.holder = settings.instance() + "/" + Long.toString(ProcessHandle.current().pid(), 36) + "/"
                + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 30), 36);
        this.watch = new LeaseWatch(holder, settings.leaseMillis());
        this.info = new NodeInfo(settings.name(), settings.instance(), settings.tenants(), settings.mediaTypes(),
                settings.disabledMediaTypes(), settings.maxInteractionsPerSnapshot(), settings.pullHoldMillis());
    }

    /** The bus source this node's events carry. */
    public String source() {
        return source;
    }

    public Settings settings() {
        return settings;
    }

    public boolean isActive() {
        return active;
    }

    // ---- lifecycle: schema, lease ----

    /** Creates or migrates the schema and the lease row; safe for both instances of a pair. */
    public void start() throws SQLException {
        lock.lock();
        try {
            connection = database.connect();
            Schema.migrate(connection);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes or renews the pair's lease. Returns true while this instance holds it; on taking it
     * over, continues the event log where the previous holder stopped. A holder's lease is taken
     * only once its stamp stood still for the whole lease as this instance watched it
     * ({@link LeaseWatch}), never by comparing clocks of two processes.
     */
    public boolean tryLease() {
        lock.lock();
        try {
            if (stopped) {
                return false;
            }
            if (connection == null) {
                // the database went away (network server restarted, host back): the lease decides again
                connection = database.connect();
                watch.forget();
            }
            connection.setAutoCommit(false);
            String rowHolder;
            long rowStamp;
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT HOLDER, EXPIRES FROM IXN_LEASE WHERE ID = 1")) {
                rs.next();
                rowHolder = rs.getString(1);
                rowStamp = rs.getLong(2);
            }
            LeaseWatch.Decision d = watch.decide(rowHolder, rowStamp, ticker.getAsLong());
            int rows = 0;
            long stamp = LeaseWatch.nextStamp(rowStamp, clock.getAsLong(), settings.leaseMillis());
            if (d.kind() != LeaseWatch.Kind.WAIT) {
                // compare-and-set on what was read: a partner's renewal or take in between wins
                try (PreparedStatement ps = connection.prepareStatement("UPDATE IXN_LEASE SET HOLDER = ?, EXPIRES = ? "
                        + "WHERE ID = 1 AND COALESCE(HOLDER, '') = ? AND EXPIRES = ?")) {
                    ps.setString(1, holder);
                    ps.setLong(2, stamp);
                    ps.setString(3, rowHolder == null ? "" : rowHolder);
                    ps.setLong(4, rowStamp);
                    rows = ps.executeUpdate();
                }
            }
            if (rows == 1 && (!active || d.kind() == LeaseWatch.Kind.TAKE)) {
                try (Statement s = connection.createStatement();
                        ResultSet rs = s.executeQuery("SELECT MAX(SEQ) FROM IXN_EVENT")) {
                    rs.next();
                    nextSeq = rs.getLong(1) + 1;
                }
                epoch = stamp;
            }
            connection.commit();
            boolean was = active;
            active = rows == 1;
            if (was && !active) {
                arrived.signalAll();
            }
            return active;
        } catch (SQLException e) {
            rollbackQuietly();
            if (isLockWait(e)) {
                // the row is locked by another session (a paused partner's, until the network
                // server ends its session): this round decided nothing; writes still fence
                return active;
            }
            if (active) {
                active = false;
                arrived.signalAll();
            }
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                dropConnection();
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lease's generation when this instance took it: larger for every later take of the pair's
     * lease, so that of two processes announcing the node the later holder wins.
     */
    public long epoch() {
        return epoch;
    }

    /** The pair's lease as the database has it: who holds it, until when (the holder's clock). */
    public record Lease(String holder, long expiresAt) {
    }

    /** This instance's lease holder id (instance/process/token). */
    public String holder() {
        return holder;
    }

    /** Reads the pair's lease; null when this instance has no database connection. */
    public Lease lease() {
        lock.lock();
        try {
            if (connection == null) {
                return null;
            }
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT HOLDER, EXPIRES FROM IXN_LEASE WHERE ID = 1")) {
                return rs.next() ? new Lease(rs.getString(1), rs.getLong(2)) : null;
            }
        } catch (SQLException e) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops this instance. With {@code releaseLease} (a clean stop) the partner may take over at
     * once; without it (a crash) the partner waits for the lease to expire.
     */
    public void stop(boolean releaseLease) {
        stopped = true;
        lock.lock();
        try {
            if (active && releaseLease && connection != null) {
                try {
                    connection.setAutoCommit(true);
                    // given back: no holder; the stamp still grows (it orders the takes)
                    try (PreparedStatement ps = connection.prepareStatement(
                            "UPDATE IXN_LEASE SET HOLDER = NULL, EXPIRES = EXPIRES + 1 WHERE ID = 1 AND HOLDER = ?")) {
                        ps.setString(1, holder);
                        ps.executeUpdate();
                    }
                } catch (SQLException ignored) {
                    // the database is gone: the lease runs out on its own
                }
            }
            active = false;
            arrived.signalAll();
            if (connection != null) {
                try {
                    connection.rollback();
                    connection.close();
                } catch (SQLException ignored) {
                    // closing a connection to a stopped database
                }
                connection = null;
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- requests ----

    @Override
    public NodeInfo info() {
        return info;
    }

    @Override
    public Interaction submit(SubmitRequest r) {
        require(r.tenant(), "tenant");
        require(r.media(), "media");
        require(r.queue(), "queue");
        if (r.id() != null && (r.id().isBlank() || r.id().length() > 128)) {
            throw InteractionException.badRequest("id must be 1 to 128 characters", "id");
        }
        if (r.id() != null && settings.name().equals(io.switchboard.api.interaction.GeneratedIds.nodeOf(r.id()))) {
            // the counter would meet it one day, and a proxy takes an id of this form to live here only
            throw InteractionException.badRequest("id '" + r.id() + "' has the form of the ids node " + settings.name()
                    + " generates", "id");
        }
        if (!info.accepts(r.tenant(), r.media())) {
            throw InteractionException.proxy(InteractionException.NO_SERVER_FOR_MEDIA_TENANT,
                    "node " + settings.name() + " does not take " + r.media() + " for tenant " + r.tenant());
        }
        Interaction created = write(tx -> {
            String id = r.id() != null ? r.id() : io.switchboard.api.interaction.GeneratedIds.id(settings.name(), tx.counter());
            if (load(id) != null) {
                throw InteractionException.conflict("interaction id '" + id + "' is already in use", "id");
            }
            long now = clock.getAsLong();
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO IXN_INTERACTION (" + COLUMNS
                    + ", UPDATED) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, NULL, ?)")) {
                ps.setString(1, id);
                ps.setString(2, r.tenant());
                ps.setString(3, r.media());
                ps.setString(4, r.queue());
                ps.setInt(5, r.priority());
                ps.setLong(6, now);
                ps.setString(7, State.QUEUED.name());
                ps.setString(8, json(r.data()));
                ps.setLong(9, now);
                ps.executeUpdate();
            }
            Interaction i = load(id);
            tx.event("CallQueued", i, i.queue(), null, null);
            return i;
        });
        submitted.incrementAndGet();
        signalArrival();
        return created;
    }

    @Override
    public java.util.Optional<Interaction> get(String id) {
        return java.util.Optional.ofNullable(read(() -> load(id)));
    }

    @Override
    public Interaction placeInQueue(String id, String queue) {
        require(queue, "queue");
        Interaction result = write(tx -> {
            Interaction i = existing(id);
            notStopped(i);
            leave(tx, i, "placed in queue " + queue);
            update(id, "STATE = 'QUEUED', QUEUE = ?, AGENT = NULL, WORKBIN = NULL, OWNER = NULL, OFFERED_UNTIL = NULL",
                    queue);
            Interaction now = load(id);
            tx.event("CallQueued", now, queue, null, null);
            return now;
        });
        signalArrival();
        return result;
    }

    @Override
    public Interaction stop(String id, String reason) {
        return write(tx -> {
            Interaction i = existing(id);
            notStopped(i);
            leave(tx, i, reason == null ? "stopped" : reason);
            update(id, "STATE = 'STOPPED', OFFERED_UNTIL = NULL, REASON = ?", reason);
            return load(id);
        });
    }

    @Override
    public Interaction accept(String id, String agent) {
        require(agent, "agent");
        Interaction result = write(tx -> {
            Interaction i = existing(id);
            notStopped(i);
            if (i.state() == State.ACCEPTED) {
                throw InteractionException.conflict("interaction '" + id + "' is already accepted by " + i.agent(),
                        "id");
            }
            if (agentMedia(i.tenant(), agent).get(i.media()) == null) {
                throw InteractionException.conflict("agent '" + agent + "' is not logged in on " + i.media()
                        + " on node " + settings.name(), "agent");
            }
            if (i.state() == State.QUEUED || i.state() == State.OFFERED) {
                tx.event("CallDiverted", i, i.queue(), agent, null);
            }
            update(id, "STATE = 'ACCEPTED', AGENT = ?, WORKBIN = NULL, OWNER = NULL, OFFERED_UNTIL = NULL", agent);
            Interaction now = load(id);
            tx.event("CallEstablished", now, null, agent, null);
            return now;
        });
        accepted.incrementAndGet();
        return result;
    }

    @Override
    public Interaction updateData(String id, Map<String, String> changes) {
        return write(tx -> {
            Interaction i = existing(id);
            Map<String, String> merged = new TreeMap<>(i.data());
            changes.forEach((k, v) -> {
                if (v == null) {
                    merged.remove(k);
                } else {
                    merged.put(k, v);
                }
            });
            update(id, "DATA = ?", json(merged));
            Interaction now = load(id);
            // no canonical event carries a data change: it goes to the node's event log only
            tx.log("InteractionDataUpdated", now.tenant(), json(Map.of("id", id, "data", json(changes))));
            return now;
        });
    }

    @Override
    public Interaction putInWorkbin(String id, String workbin, String owner) {
        require(workbin, "workbin");
        return write(tx -> {
            Interaction i = existing(id);
            notStopped(i);
            leave(tx, i, "placed in workbin " + workbin);
            update(id, "STATE = 'WORKBIN', WORKBIN = ?, OWNER = ?, AGENT = NULL, OFFERED_UNTIL = NULL", workbin, owner);
            return load(id);
        });
    }

    @Override
    public List<Interaction> peek(String tenant, String queue, int max, long holdMillis, Interaction.ViewOrder order) {
        String orderBy = order == Interaction.ViewOrder.AGE ? "SUBMITTED, ID" : "PRIORITY DESC, SUBMITTED, ID";
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, holdMillis));
        lock.lock();
        heldPulls.incrementAndGet();
        try {
            while (true) {
                List<Interaction> head = read(() -> query("SELECT " + COLUMNS + " FROM IXN_INTERACTION WHERE TENANT = ? "
                        + "AND QUEUE = ? AND STATE = 'QUEUED' ORDER BY " + orderBy + " FETCH FIRST " + Math.max(1, max)
                        + " ROWS ONLY", tenant, queue));
                long left = deadline - System.nanoTime();
                if (!head.isEmpty() || left <= 0) {
                    return head;
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnavailableException("pull interrupted on node " + settings.name(), e);
        } finally {
            heldPulls.decrementAndGet();
            lock.unlock();
        }
    }

    /** Pulls waiting in {@link #peek} right now. */
    public int heldPulls() {
        return heldPulls.get();
    }

    @Override
    public List<Interaction> take(Collection<String> ids) {
        List<Interaction> taken = write(tx -> {
            List<Interaction> out = new ArrayList<>();
            long until = clock.getAsLong() + settings.offerTimeoutMillis();
            for (String id : ids) {
                try (PreparedStatement ps = connection.prepareStatement("UPDATE IXN_INTERACTION SET STATE = 'OFFERED', "
                        + "OFFERED_UNTIL = ? WHERE ID = ? AND STATE = 'QUEUED'")) {
                    ps.setLong(1, until);
                    ps.setString(2, id);
                    if (ps.executeUpdate() == 1) {
                        out.add(load(id));
                    }
                }
            }
            return out;
        });
        offered.addAndGet(taken.size());
        return taken;
    }

    /** Puts offers nobody accepted in time back in their queue; returns how many. */
    public int revokeExpiredOffers() {
        int n = write(tx -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE IXN_INTERACTION SET STATE = 'QUEUED', "
                    + "OFFERED_UNTIL = NULL WHERE STATE = 'OFFERED' AND OFFERED_UNTIL < ?")) {
                ps.setLong(1, clock.getAsLong());
                int rows = ps.executeUpdate();
                if (rows > 0) {
                    tx.log("OffersRevoked", "", json(Map.of("count", Integer.toString(rows))));
                }
                return rows;
            }
        });
        if (n > 0) {
            revoked.addAndGet(n);
            signalArrival();
        }
        return n;
    }

    @Override
    public List<Interaction> find(String tenant, Map<String, String> where, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM IXN_INTERACTION WHERE TENANT = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenant);
        Map<String, String> dataWhere = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : where.entrySet()) {
            String column = FIND_FIELDS.get(e.getKey());
            if (column != null) {
                sql.append(" AND ").append(column).append(" = ?");
                args.add("state".equals(e.getKey()) ? e.getValue().toUpperCase(java.util.Locale.ROOT) : e.getValue());
            } else if (e.getKey().startsWith("data.")) {
                dataWhere.put(e.getKey().substring(5), e.getValue());
            } else {
                throw InteractionException.badRequest("cannot search by '" + e.getKey() + "' (fields: "
                        + new java.util.TreeSet<>(FIND_FIELDS.keySet()) + ", data.<key>)", "where." + e.getKey());
            }
        }
        sql.append(" ORDER BY PRIORITY DESC, SUBMITTED, ID");
        int max = limit <= 0 ? Integer.MAX_VALUE : limit;
        List<Interaction> all = read(() -> query(sql.toString(), args.toArray()));
        List<Interaction> out = new ArrayList<>();
        for (Interaction i : all) {
            if (dataWhere.entrySet().stream().allMatch(d -> d.getValue().equals(i.data().get(d.getKey())))) {
                out.add(i);
                if (out.size() >= max) {
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public List<Interaction> workbin(String tenant, String workbin, String owner) {
        if (owner == null || owner.isEmpty()) {
            return read(() -> query("SELECT " + COLUMNS + " FROM IXN_INTERACTION WHERE TENANT = ? AND STATE = 'WORKBIN' "
                    + "AND WORKBIN = ? ORDER BY PRIORITY DESC, SUBMITTED, ID", tenant, workbin));
        }
        return read(() -> query("SELECT " + COLUMNS + " FROM IXN_INTERACTION WHERE TENANT = ? AND STATE = 'WORKBIN' "
                + "AND WORKBIN = ? AND OWNER = ? ORDER BY PRIORITY DESC, SUBMITTED, ID", tenant, workbin, owner));
    }

    @Override
    public List<Interaction> snapshot(String tenant, String queue, int max) {
        int limit = settings.maxInteractionsPerSnapshot() > 0 ? settings.maxInteractionsPerSnapshot() : Integer.MAX_VALUE;
        int rows = Math.max(1, max > 0 ? Math.min(limit, max) : limit);
        return read(() -> query("SELECT " + COLUMNS + " FROM IXN_INTERACTION WHERE TENANT = ? AND QUEUE = ? "
                + "AND STATE IN ('QUEUED', 'OFFERED') ORDER BY PRIORITY DESC, SUBMITTED, ID FETCH FIRST "
                + rows + " ROWS ONLY", tenant, queue));
    }

    // ---- agents ----

    @Override
    public Set<String> agentLogin(String tenant, String agent, String place, Set<String> media) {
        require(tenant, "tenant");
        require(agent, "agent");
        if (!info.servesTenant(tenant)) {
            return Set.of();
        }
        Set<String> served = new LinkedHashSet<>();
        for (String m : media) {
            // voice agent state belongs to the telephony sources (it needs a DN)
            if (!"voice".equals(m) && info.servesMedia(m)) {
                served.add(m);
            }
        }
        if (served.isEmpty()) {
            return Set.of();
        }
        SeatControl seatControl = seats.get();
        if (seatControl != null && !seatControl.acquire(settings.name(), tenant, agent, served)) {
            // API.md "Licensing": the error is exactly "no seat"; the detail says whose and where
            throw InteractionException.conflict("no seat",
                    "no seat left for agent '" + agent + "' of tenant '" + tenant + "' on node " + settings.name());
        }
        try {
            return write(tx -> {
                Map<String, String> now = agentMedia(tenant, agent);
                for (String m : served) {
                    if (now.containsKey(m)) {
                        continue;
                    }
                    try (PreparedStatement ps = connection.prepareStatement(
                            "INSERT INTO IXN_AGENT (TENANT, AGENT, MEDIA, PLACE, STATE) VALUES (?, ?, ?, ?, 'not-ready')")) {
                        ps.setString(1, tenant);
                        ps.setString(2, agent);
                        ps.setString(3, m);
                        ps.setString(4, place);
                        ps.executeUpdate();
                    }
                    tx.agentEvent("AgentLogin", tenant, agent, m, place, null);
                }
                return Set.copyOf(served);
            });
        } catch (RuntimeException e) {
            // an agent already logged in here (adding media) keeps the seat it held before
            if (seatControl != null && !loggedInHere(tenant, agent)) {
                seatControl.release(settings.name(), tenant, agent);
            }
            throw e;
        }
    }

    private boolean loggedInHere(String tenant, String agent) {
        try {
            return read(() -> !agentMedia(tenant, agent).isEmpty());
        } catch (RuntimeException unreadable) {
            // the node is failing: its logins go with it
            return false;
        }
    }

    @Override
    public Map<String, Set<String>> loggedInAgents() {
        return read(() -> {
            Map<String, Set<String>> out = new TreeMap<>();
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT DISTINCT TENANT, AGENT FROM IXN_AGENT")) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new java.util.TreeSet<>()).add(rs.getString(2));
                }
            }
            return out;
        });
    }

    @Override
    public Set<String> agentLogout(String tenant, String agent) {
        Set<String> out = write(tx -> {
            Map<String, String> now = agentMedia(tenant, agent);
            for (String m : now.keySet()) {
                tx.agentEvent("AgentLogout", tenant, agent, m, null, null);
            }
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM IXN_AGENT WHERE TENANT = ? AND AGENT = ?")) {
                ps.setString(1, tenant);
                ps.setString(2, agent);
                ps.executeUpdate();
            }
            return Set.copyOf(now.keySet());
        });
        SeatControl seatControl = seats.get();
        if (!out.isEmpty() && seatControl != null) {
            seatControl.release(settings.name(), tenant, agent);
        }
        return out;
    }

    @Override
    public Set<String> agentReady(String tenant, String agent, Set<String> media) {
        return agentState(tenant, agent, media, "ready", null);
    }

    @Override
    public Set<String> agentNotReady(String tenant, String agent, Set<String> media, String reason) {
        return agentState(tenant, agent, media, "not-ready", reason);
    }

    private Set<String> agentState(String tenant, String agent, Set<String> media, String state, String reason) {
        return write(tx -> {
            Set<String> applied = new LinkedHashSet<>();
            for (Map.Entry<String, String> e : agentMedia(tenant, agent).entrySet()) {
                if (!media.isEmpty() && !media.contains(e.getKey())) {
                    continue;
                }
                try (PreparedStatement ps = connection.prepareStatement(
                        "UPDATE IXN_AGENT SET STATE = ? WHERE TENANT = ? AND AGENT = ? AND MEDIA = ?")) {
                    ps.setString(1, state);
                    ps.setString(2, tenant);
                    ps.setString(3, agent);
                    ps.setString(4, e.getKey());
                    ps.executeUpdate();
                }
                tx.agentEvent("ready".equals(state) ? "AgentReady" : "AgentNotReady", tenant, agent, e.getKey(), null,
                        reason);
                applied.add(e.getKey());
            }
            return Set.copyOf(applied);
        });
    }

    @Override
    public Map<String, Map<String, String>> agents(String tenant) {
        return read(() -> {
            Map<String, Map<String, String>> out = new TreeMap<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT AGENT, MEDIA, STATE FROM IXN_AGENT WHERE TENANT = ? ORDER BY AGENT, MEDIA")) {
                ps.setString(1, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                    }
                }
            }
            return out;
        });
    }

    private Map<String, String> agentMedia(String tenant, String agent) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT MEDIA, STATE FROM IXN_AGENT WHERE TENANT = ? AND AGENT = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, agent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    // ---- the event log ----

    /** One row of the event log. {@code line} is NDJSON; only canonical rows are published. */
    public record LoggedEvent(long seq, boolean canonical, String line) {
    }

    /** Event log rows after {@code seq}, in order. */
    public List<LoggedEvent> eventsAfter(long seq, int max) {
        return read(() -> {
            List<LoggedEvent> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT SEQ, CANONICAL, LINE FROM IXN_EVENT "
                    + "WHERE SEQ > ? ORDER BY SEQ FETCH FIRST " + Math.max(1, max) + " ROWS ONLY")) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LoggedEvent(rs.getLong(1), rs.getShort(2) == 1, rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, Long> countsByState() {
        return read(() -> {
            Map<String, Long> out = new TreeMap<>();
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT STATE, COUNT(*) FROM IXN_INTERACTION GROUP BY STATE")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    // ---- transactions ----

    interface Body<T> {
        T run(Tx tx) throws SQLException;
    }

    interface ReadBody<T> {
        T run() throws SQLException;
    }

    /** What a write transaction may do besides SQL: append to the event log, draw ids. */
    final class Tx {
        private int events;

        long counter() throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("UPDATE IXN_COUNTER SET VAL = VAL + 1 WHERE NAME = 'id'");
                try (ResultSet rs = s.executeQuery("SELECT VAL FROM IXN_COUNTER WHERE NAME = 'id'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        void event(String type, Interaction i, String queue, String agent, String reason) throws SQLException {
            ObjectNode n = header(type, i.tenant());
            n.put("media", i.media());
            n.put("call", i.id());
            if (queue != null) {
                n.put("queue", queue);
            }
            if (agent != null) {
                n.put("agent", agent);
            }
            if (reason != null) {
                n.put("reason", reason);
            }
            if (!i.data().isEmpty()) {
                n.set("data", JSON.valueToTree(i.data()));
            }
            append(n, type, true);
        }

        void agentEvent(String type, String tenant, String agent, String media, String place, String reason)
                throws SQLException {
            ObjectNode n = header(type, tenant);
            n.put("media", media);
            n.put("agent", agent);
            if (place != null) {
                n.put("place", place);
            }
            if (reason != null) {
                n.put("reason", reason);
            }
            append(n, type, true);
        }

        void log(String type, String tenant, String detail) throws SQLException {
            ObjectNode n = header(type, tenant);
            n.put("detail", detail);
            append(n, type, false);
        }

        private ObjectNode header(String type, String tenant) {
            ObjectNode n = JSON.createObjectNode();
            n.put("type", type);
            n.put("ts", Instant.ofEpochMilli(clock.getAsLong()).toString());
            n.put("source", source);
            n.put("seq", nextSeq);
            n.put("tenant", tenant);
            return n;
        }

        private void append(ObjectNode n, String type, boolean canonical) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO IXN_EVENT (SEQ, TS, TYPE, CANONICAL, LINE) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, nextSeq);
                ps.setLong(2, clock.getAsLong());
                ps.setString(3, type);
                ps.setShort(4, (short) (canonical ? 1 : 0));
                ps.setString(5, n.toString());
                ps.executeUpdate();
            }
            nextSeq++;
            events++;
        }
    }

    /** How often a write whose statement waited out a lock is run again before the request fails. */
    private static final int LOCK_RETRIES = 3;

    private <T> T write(Body<T> body) {
        lock.lock();
        try {
            for (int attempt = 1;; attempt++) {
                long seqBefore = nextSeq;
                Tx tx = new Tx();
                try {
                    ensureActive();
                    connection.setAutoCommit(false);
                    fence();
                    T result = body.run(tx);
                    holdIfAsked();
                    connection.commit();
                    if (tx.events > 0) {
                        eventsLogged.addAndGet(tx.events);
                        onEvents.run();
                    }
                    return result;
                } catch (SQLException e) {
                    nextSeq = seqBefore;
                    rollbackQuietly();
                    if (isLockWait(e)) {
                        // another session's locks (a paused partner's, until the network server
                        // ends its session): nothing was written, the lease is as it was
                        lockTimeouts.incrementAndGet();
                        if (attempt < LOCK_RETRIES) {
                            continue;
                        }
                        throw new NodeUnavailableException("node " + settings.name() + " instance "
                                + settings.instance() + " waited out database locks " + attempt + " times", e);
                    }
                    throw translate(e);
                } catch (RuntimeException e) {
                    nextSeq = seqBefore;
                    rollbackQuietly();
                    throw e;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lock wait timed out, or chosen as a deadlock's victim: the statement may simply be run again. */
    static boolean isLockWait(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.equals("40XL1") || state.equals("40XL2") || state.equals("40001");
    }

    /** Write transactions that waited out another session's locks (each run again or failed). */
    public final AtomicLong lockTimeouts = new AtomicLong();

    // ---- test hook: a write held open inside its transaction ----

    private volatile long holdNextWriteMillis;
    private volatile boolean holdingWrite;
    private volatile String heldWriteOutcome = "";

    /**
     * Test hook: the next write, once its statements ran and before its commit, waits this long
     * holding its transaction's locks (lease row included), so that a test can pause the process
     * (SIGSTOP) at exactly that point. Never called outside tests (see NodeTestHooksMBean).
     */
    public void holdNextWrite(long millis) {
        heldWriteOutcome = "";
        holdNextWriteMillis = millis;
    }

    /** True while a write is held by {@link #holdNextWrite}. */
    public boolean holdingWrite() {
        return holdingWrite;
    }

    /** How the last held write ended: "" (none yet), "committed" or the failure. */
    public String heldWriteOutcome() {
        return heldWriteOutcome;
    }

    private void holdIfAsked() throws SQLException {
        long millis = holdNextWriteMillis;
        if (millis <= 0) {
            return;
        }
        holdNextWriteMillis = 0;
        holdingWrite = true;
        try {
            long until = System.nanoTime() + millis * 1_000_000L;
            for (long left; (left = until - System.nanoTime()) > 0;) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
        } finally {
            holdingWrite = false;
        }
        try {
            connection.commit();
            heldWriteOutcome = "committed";
        } catch (SQLException e) {
            heldWriteOutcome = "failed: " + e.getSQLState() + " " + e.getMessage();
            throw e;
        }
    }

    /**
     * Extends the lease inside the write's transaction: the lease row stays locked until commit, so
     * a partner cannot take over between the check and the write.
     */
    private void fence() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE IXN_LEASE SET EXPIRES = CASE WHEN EXPIRES >= ? THEN EXPIRES + 1 ELSE ? END "
                        + "WHERE ID = 1 AND HOLDER = ?")) {
            long next = clock.getAsLong() + settings.leaseMillis();
            ps.setLong(1, next);
            ps.setLong(2, next);
            ps.setString(3, holder);
            if (ps.executeUpdate() != 1) {
                active = false;
                arrived.signalAll();
                throw new NodeUnavailableException("node " + settings.name() + " instance " + settings.instance()
                        + " lost its lease", null);
            }
        }
    }

    private <T> T read(ReadBody<T> body) {
        lock.lock();
        try {
            ensureActive();
            connection.setAutoCommit(true);
            return body.run();
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            lock.unlock();
        }
    }

    private void ensureActive() {
        if (!active || connection == null) {
            throw new NodeUnavailableException("node " + settings.name() + " instance " + settings.instance()
                    + " is not active", null);
        }
    }

    private RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if ("23505".equals(state)) {
            return InteractionException.conflict("interaction id is already in use", "id");
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            // a data or constraint error belongs to this one request (a value the columns cannot hold):
            // the connection and the lease are fine, so the node stays active and answers a 400
            return InteractionException.badRequest("a value of the request cannot be stored: " + e.getMessage(),
                    "body");
        }
        // connection gone, database shut down or not found: the node cannot answer
        active = false;
        arrived.signalAll();
        return new NodeUnavailableException("node " + settings.name() + " database failed: " + e.getMessage(), e);
    }

    /** Forgets a connection that failed at the transport: the next lease round opens a new one. */
    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is broken already
            }
            connection = null;
        }
    }

    private void rollbackQuietly() {
        try {
            if (connection != null) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is gone already
        }
    }

    private void signalArrival() {
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- rows ----

    private Interaction existing(String id) throws SQLException {
        Interaction i = load(id);
        if (i == null) {
            throw InteractionException.notFound(id);
        }
        return i;
    }

    private static void notStopped(Interaction i) {
        if (i.state() == State.STOPPED) {
            throw InteractionException.conflict("interaction '" + i.id() + "' is stopped", "id");
        }
    }

    /** The events of an interaction leaving where it is now (queue or agent). */
    private void leave(Tx tx, Interaction i, String reason) throws SQLException {
        if (i.state() == State.QUEUED || i.state() == State.OFFERED) {
            tx.event("CallCleared", i, i.queue(), null, reason);
        } else if (i.state() == State.ACCEPTED) {
            tx.event("CallReleased", i, null, i.agent(), null);
        }
    }

    private Interaction load(String id) throws SQLException {
        List<Interaction> l = query("SELECT " + COLUMNS + " FROM IXN_INTERACTION WHERE ID = ?", id);
        return l.isEmpty() ? null : l.get(0);
    }

    private void update(String id, String set, Object... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE IXN_INTERACTION SET " + set
                + ", UPDATED = ? WHERE ID = ?")) {
            int k = 1;
            for (Object a : args) {
                ps.setObject(k++, a);
            }
            ps.setLong(k++, clock.getAsLong());
            ps.setString(k, id);
            ps.executeUpdate();
        }
    }

    private List<Interaction> query(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int k = 0; k < args.length; k++) {
                ps.setObject(k + 1, args[k]);
            }
            List<Interaction> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Interaction(rs.getString(1), settings.name(), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getLong(6), State.valueOf(rs.getString(7)),
                            rs.getString(8), rs.getString(9), rs.getString(10), parse(rs.getString(11)),
                            rs.getString(12)));
                }
            }
            return out;
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, String> parse(String s) {
        if (s == null || s.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(s, MAP);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw InteractionException.badRequest("missing field '" + field + "'", field);
        }
    }
}
