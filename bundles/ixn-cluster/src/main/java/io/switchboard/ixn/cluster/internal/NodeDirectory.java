package io.switchboard.ixn.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.switchboard.api.cluster.MemberAttributes;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeNames;
import io.switchboard.api.interaction.NodeUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Interaction Server nodes of the whole cluster, as seen from one process. The nodes this
 * process serves are announced in the grid map {@value #SERVED} (node → {@link Announcement}:
 * member and lease generation), and calls from
 * other processes reach them through the grid's executor; for each node another live member
 * serves, a {@link RemoteNode} is registered here, so that this process's proxies reach every
 * node of the cluster as they reach their own. Node names are claimed in {@value #NAMES}.
 * Every grid write and stub change runs on the directory's own thread: a grid operation held up
 * by a paused member must never hold up the instance's lease thread that registered the node
 * (the lease would run out and the pair flap).
 */
final class NodeDirectory implements NodeNames {

    /** Where a member's user context keeps its directory, for the calls it runs. */
    static final String CONTEXT = "io.switchboard.ixn.cluster.directory";
    static final String SERVED = "sb.ixn-nodes";
    static final String NAMES = "sb.ixn-names";
    static final String EXECUTOR = "sb.ixn-calls";

    private static final Logger LOG = LoggerFactory.getLogger(NodeDirectory.class);

    /** Registers and unregisters the stubs of other members' nodes (OSGi services in the container). */
    interface Stubs {
        Object register(String node, String member, InteractionNode stub);

        void unregister(Object registration);
    }

    private record Stub(UUID member, Object registration) {
    }

    /** A node this process serves, with the lease generation its instance took. */
    private record Local(InteractionNode node, long epoch) {
    }

    private final HazelcastInstance hazelcast;
    private final Stubs stubs;
    private final IMap<String, String> served;
    private final IMap<String, String> names;
    private final Map<String, Local> local = new ConcurrentHashMap<>();
    private final Map<String, Stub> remote = new HashMap<>();
    /** Successful claims of this process's instances by name, each given back by one release. */
    private final Map<String, Integer> claims = new HashMap<>();
    /**
     * One thread: reconciling registers services, which must not run on the grid's event threads,
     * and writes to the grid, which must not run on a lease thread.
     */
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-ixn-directory");
        t.setDaemon(true);
        return t;
    });
    private UUID entryListener;
    private UUID membershipListener;

    NodeDirectory(HazelcastInstance hazelcast, Stubs stubs) {
        this.hazelcast = hazelcast;
        this.stubs = stubs;
        // held pulls wait on the executor's threads: more than Hazelcast's 16 by default
        hazelcast.getConfig().addExecutorConfig(new ExecutorConfig(EXECUTOR, 64));
        this.served = hazelcast.getMap(SERVED);
        this.names = hazelcast.getMap(NAMES);
    }

    void start() {
        hazelcast.getUserContext().put(CONTEXT, this);
        entryListener = served.addEntryListener(new Changes(), false);
        membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                // a member that merged back after a split may have lost what we announced: reconciling
                // announces again whatever is missing
                reconcileLater();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                reconcileLater();
            }
        });
        reconcileLater();
        // events can be missed across a split and its merge, and a write can fail while a member is
        // paused: the directory also reconciles now and then on its own
        reconciler.scheduleWithFixedDelay(this::reconcileQuietly, 2, 2, TimeUnit.SECONDS);
    }

    /**
     * Announces a node this process serves unless another live member announces a take of the
     * lease at least as recent ({@link Announcement#replaces}): a node that served here before its
     * name was checked (the directory came later) must not take the entry of the name's holder,
     * but a backup that took the lease of a paused primary is announced at once.
     */
    private void announce(String node, long epoch, Map<UUID, Member> live) {
        Announcement mine = new Announcement(self(), epoch);
        for (int attempt = 0; attempt < 5; attempt++) {
            String value = served.get(node);
            Announcement current = value == null ? null : Announcement.parse(value);
            if (!mine.replaces(current, live::containsKey)) {
                if (current != null && !current.equals(mine) && !loggedYielding.contains(node + value)) {
                    loggedYielding.add(node + value);
                    LOG.warn("Interaction node {} runs here and on member {} (lease generation {} there, {} here): "
                            + "announced by that member only", node, nameOf(live.get(current.member())),
                            current.epoch(), epoch);
                }
                return;
            }
            if (value == null ? served.putIfAbsent(node, mine.toString()) == null
                    : served.replace(node, value, mine.toString())) {
                return;
            }
        }
    }

    /** Yieldings already logged (the periodic reconcile would repeat them). */
    private final java.util.Set<String> loggedYielding = ConcurrentHashMap.newKeySet();

    /** Removes this member's entry of a node it no longer serves (if another take has not replaced it). */
    private void withdraw(String node) {
        if (local.containsKey(node)) {
            return;
        }
        String value = served.get(node);
        if (value != null && Announcement.parse(value).member().equals(self())) {
            served.remove(node, value);
        }
    }

    void close() {
        reconciler.shutdownNow();
        if (hazelcast.getLifecycleService().isRunning()) {
            if (entryListener != null) {
                served.removeEntryListener(entryListener);
                hazelcast.getCluster().removeMembershipListener(membershipListener);
            }
            for (Map.Entry<String, Local> n : local.entrySet()) {
                served.remove(n.getKey(), new Announcement(self(), n.getValue().epoch()).toString());
            }
            hazelcast.getUserContext().remove(CONTEXT, this);
        }
        entryListener = null;
        synchronized (remote) {
            remote.values().forEach(s -> stubs.unregister(s.registration()));
            remote.clear();
        }
    }

    private UUID self() {
        return hazelcast.getCluster().getLocalMember().getUuid();
    }

    /** A node of this process now serves (its instance holds the pair's lease, taken in generation {@code epoch}). */
    void serving(String node, InteractionNode n, long epoch) {
        local.put(node, new Local(n, epoch));
        if (entryListener != null) {
            reconcileLater();
        }
    }

    void serving(String node, InteractionNode n) {
        serving(node, n, 0);
    }

    /** A node of this process stopped serving. */
    void notServing(String node, InteractionNode n) {
        Local l = local.get(node);
        if (l != null && l.node() == n && local.remove(node, l) && entryListener != null) {
            try {
                reconciler.execute(() -> {
                    if (hazelcast.getLifecycleService().isRunning()) {
                        withdraw(node);
                        reconcile();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // closing: close() removes what this member announced
            }
        }
    }

    /** Runs a call from another process on the node it names. */
    NodeReply serve(NodeCall call) {
        Local l = local.get(call.node);
        InteractionNode n = l == null ? null : l.node();
        if (n == null) {
            return NodeReply.unavailable("node " + call.node + " is not served on member " + nameOf(
                    hazelcast.getCluster().getLocalMember()) + " any more");
        }
        return NodeCalls.invoke(n, call);
    }

    private void reconcileLater() {
        try {
            reconciler.execute(this::reconcileQuietly);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the directory is closing: its stubs go with it
        }
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            // a member paused or leaving: the next round (2 s) tries again
            LOG.debug("Interaction node directory not reconciled now: {}", e.toString());
        }
    }

    /** Announces this process's nodes, registers a stub for each node another live member serves, drops the others. */
    void reconcile() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        Map<UUID, Member> live = new HashMap<>();
        hazelcast.getCluster().getMembers().forEach(m -> live.put(m.getUuid(), m));
        for (Map.Entry<String, Local> l : local.entrySet()) {
            announce(l.getKey(), l.getValue().epoch(), live);
        }
        Map<String, UUID> wanted = new HashMap<>();
        for (Map.Entry<String, String> e : served.entrySet()) {
            UUID member = Announcement.parse(e.getValue()).member();
            if (!member.equals(self()) && live.containsKey(member) && !local.containsKey(e.getKey())) {
                wanted.put(e.getKey(), member);
            }
        }
        synchronized (remote) {
            for (var it = remote.entrySet().iterator(); it.hasNext();) {
                var e = it.next();
                if (!e.getValue().member().equals(wanted.get(e.getKey()))) {
                    stubs.unregister(e.getValue().registration());
                    it.remove();
                    LOG.info("Interaction node {} is no longer reached on member {}", e.getKey(), e.getValue().member());
                }
            }
            for (Map.Entry<String, UUID> e : wanted.entrySet()) {
                if (!remote.containsKey(e.getKey())) {
                    String memberName = nameOf(live.get(e.getValue()));
                    InteractionNode stub = RemoteNode.of(e.getKey(), transport(e.getValue()));
                    remote.put(e.getKey(), new Stub(e.getValue(), stubs.register(e.getKey(), memberName, stub)));
                    LOG.info("Interaction node {} reached on member {}", e.getKey(), memberName);
                }
            }
        }
    }

    private RemoteNode.Transport transport(UUID member) {
        return (call, timeoutMillis) -> {
            Member m = member(member);
            if (m == null) {
                throw new NodeUnavailableException("node " + call.node + ": its member left the cluster", null);
            }
            try {
                return hazelcast.getExecutorService(EXECUTOR).submitToMember(call, m)
                        .get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new NodeUnavailableException("node " + call.node + " on member " + nameOf(m) + ": "
                        + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new NodeUnavailableException("node " + call.node + " on member " + nameOf(m)
                        + " gave no answer in " + timeoutMillis + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeUnavailableException("interrupted", e);
            } catch (RuntimeException e) {
                // the member went while the call was being sent, or the grid is shutting down
                throw new NodeUnavailableException("node " + call.node + " on member " + nameOf(m) + ": " + e, e);
            }
        };
    }

    /**
     * A name's entry in {@value #NAMES}: {@code kind|holder[,holder...]|database}, kind
     * {@code shared} (a network database a pair's instances on several members share; each
     * member running one is a holder) or {@code local}.
     */
    record Claim(boolean shared, List<UUID> holders, String database) {
        static Claim parse(String value) {
            String[] c = value.split("\\|", 3);
            List<UUID> holders = new ArrayList<>();
            for (String h : c[1].split(",")) {
                holders.add(UUID.fromString(h));
            }
            return new Claim("shared".equals(c[0]), List.copyOf(holders), c[2]);
        }

        Claim holding(List<UUID> members) {
            return new Claim(shared, List.copyOf(members), database);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(shared ? "shared" : "local").append('|');
            for (int i = 0; i < holders.size(); i++) {
                b.append(i == 0 ? "" : ",").append(holders.get(i));
            }
            return b.append('|').append(database).toString();
        }
    }

    @Override
    public String claim(String node, String database, boolean shared) {
        UUID self = self();
        Claim mine = new Claim(shared, List.of(self), database);
        for (int attempt = 0; attempt < 5; attempt++) {
            String current = names.get(node);
            if (current == null) {
                if (names.putIfAbsent(node, mine.toString()) == null) {
                    return claimed(node);
                }
                continue;
            }
            Claim c = Claim.parse(current);
            List<UUID> live = new ArrayList<>(c.holders().stream().filter(h -> member(h) != null).toList());
            String next;
            if (shared && c.shared() && database.equals(c.database())) {
                // this node's pair partner on their shared database: the name is held by both members
                if (!live.contains(self)) {
                    live.add(self);
                }
                next = c.holding(live).toString();
            } else if (live.isEmpty() || live.equals(List.of(self))) {
                // ours already, or its holders gone
                next = mine.toString();
            } else {
                Member holding = member(live.stream().filter(h -> !h.equals(self)).findFirst().orElseThrow());
                return "node name '" + node + "' is taken in the cluster by member " + nameOf(holding) + " (database "
                        + c.database() + "); give this node another name, or share that node's network database to "
                        + "be its pair";
            }
            if (current.equals(next) || names.replace(node, current, next)) {
                return claimed(node);
            }
        }
        return "node name '" + node + "' is being claimed by several members at once; try again";
    }

    private String claimed(String node) {
        synchronized (claims) {
            claims.merge(node, 1, Integer::sum);
        }
        return null;
    }

    /**
     * Drops one claim of this process; with none left, this member stops holding the name (and
     * the entry goes with its last holder). The instances of a pair in one process, or a node
     * stopped and started again, each claimed once.
     */
    @Override
    public void release(String node, String database, boolean shared) {
        synchronized (claims) {
            Integer held = claims.get(node);
            if (held == null) {
                return;
            }
            if (held > 1) {
                claims.put(node, held - 1);
                return;
            }
            claims.remove(node);
        }
        if (!hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        UUID self = self();
        for (int attempt = 0; attempt < 5; attempt++) {
            String current = names.get(node);
            if (current == null) {
                return;
            }
            Claim c = Claim.parse(current);
            if (!c.holders().contains(self)) {
                return;
            }
            List<UUID> rest = c.holders().stream().filter(h -> !h.equals(self) && member(h) != null).toList();
            boolean done = rest.isEmpty() ? names.remove(node, current)
                    : names.replace(node, current, c.holding(rest).toString());
            if (done) {
                LOG.info("Interaction node name '{}' released by member {}", node, nameOf(
                        hazelcast.getCluster().getLocalMember()));
                return;
            }
        }
        LOG.warn("Interaction node name '{}' could not be released (claimed concurrently); it is free once this "
                + "member leaves", node);
    }

    private Member member(UUID uuid) {
        for (Member m : hazelcast.getCluster().getMembers()) {
            if (m.getUuid().equals(uuid)) {
                return m;
            }
        }
        return null;
    }

    private static String nameOf(Member m) {
        return MemberAttributes.nodeName(m.getAttribute(MemberAttributes.NODE), m.getAddress().getHost(),
                m.getAddress().getPort());
    }

    private final class Changes implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            reconcileLater();
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            reconcileLater();
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> e) {
            reconcileLater();
        }
    }
}
