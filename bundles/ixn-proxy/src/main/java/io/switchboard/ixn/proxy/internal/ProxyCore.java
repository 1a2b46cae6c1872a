package io.switchboard.ixn.proxy.internal;

import io.switchboard.api.interaction.GeneratedIds;
import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.InteractionService;
import io.switchboard.api.interaction.NodeInfo;
import io.switchboard.api.interaction.NodeUnavailableException;
import io.switchboard.api.interaction.SubmitRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The Interaction Server Proxy: stateless apart from a bounded id → node cache. Routes by
 * tenant, media type and interaction id; fans out and merges (sorted) where an answer spans
 * nodes; pulls in one global queue order over all nodes. Plain Java: nodes come from a
 * {@link Nodes} directory, which in OSGi tracks the node services.
 */
public final class ProxyCore implements InteractionService {

    /** The cluster as the proxy sees it. */
    public interface Nodes {
        /** Nodes of the cluster by name: the service while up, else null (down). */
        Map<String, InteractionNode> all();

        /** The last info a node gave (null if never seen up): how a down node is judged. */
        NodeInfo lastInfo(String name);
    }

    public record Settings(String name, int cacheSize, long pullHoldTimeoutMillis) {
    }

    private static final int PULL_ROUNDS = 5;

    private final Settings settings;
    private final Nodes nodes;
    private final ExecutorService executor;
    private final IdCache cache;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
    private final AtomicInteger roundRobin = new AtomicInteger();

    public ProxyCore(Settings settings, Nodes nodes, ExecutorService executor) {
        this.settings = settings;
        this.nodes = nodes;
        this.executor = executor;
        this.cache = new IdCache(settings.cacheSize());
    }

    public Settings settings() {
        return settings;
    }

    public IdCache cache() {
        return cache;
    }

    /** The cluster's nodes by name; null values are nodes down. */
    public Map<String, InteractionNode> nodes() {
        return nodes.all();
    }

    public NodeInfo lastInfo(String name) {
        return nodes.lastInfo(name);
    }

    // ---- interactions by id ----

    @Override
    public Interaction submit(SubmitRequest r) {
        if (r.tenant() == null || r.tenant().isBlank()) {
            throw InteractionException.badRequest("missing field 'tenant'", "tenant");
        }
        if (r.media() == null || r.media().isBlank()) {
            throw InteractionException.badRequest("missing field 'media'", "media");
        }
        if (r.queue() == null || r.queue().isBlank()) {
            throw InteractionException.badRequest("missing field 'queue'", "queue");
        }
        List<Map.Entry<String, InteractionNode>> eligible = new ArrayList<>();
        for (Map.Entry<String, InteractionNode> e : new java.util.TreeMap<>(nodes.all()).entrySet()) {
            NodeInfo info = e.getValue() != null ? safeInfo(e.getValue()) : null;
            if (info != null && info.accepts(r.tenant(), r.media())) {
                eligible.add(e);
            }
        }
        if (eligible.isEmpty()) {
            throw InteractionException.proxy(InteractionException.NO_SERVER_FOR_MEDIA_TENANT,
                    "no running node takes media '" + r.media() + "' for tenant '" + r.tenant() + "'");
        }
        if (r.id() != null) {
            String generator = generatedBy(r.id(), nodes.all());
            if (generator != null) {
                throw InteractionException.badRequest("id '" + r.id() + "' has the form of the ids node " + generator
                        + " generates", "id");
            }
            return guarded("interaction " + r.id(), () -> {
                // a client id must be provably unused on every node, not only on the target
                Located found = locate(r.id());
                if (found != null) {
                    throw InteractionException.conflict("interaction id '" + r.id() + "' is already in use", "id");
                }
                // the same id always lands on the same node, whose primary key then catches a race
                Map.Entry<String, InteractionNode> t = eligible.get(Math.floorMod(r.id().hashCode(), eligible.size()));
                return submitTo(t, r);
            });
        }
        return submitTo(eligible.get(Math.floorMod(roundRobin.getAndIncrement(), eligible.size())), r);
    }

    private Interaction submitTo(Map.Entry<String, InteractionNode> target, SubmitRequest r) {
        Interaction created = call(target.getKey(), n -> n.submit(r), target.getValue());
        cache.put(created.id(), target.getKey());
        return created;
    }

    @Override
    public Interaction get(String id) {
        Located l = locate(id);
        if (l == null) {
            throw InteractionException.notFound(id);
        }
        return l.interaction();
    }

    @Override
    public Interaction placeInQueue(String id, String queue) {
        return onInteraction(id, n -> n.placeInQueue(id, queue));
    }

    @Override
    public Interaction stop(String id, String reason) {
        return onInteraction(id, n -> n.stop(id, reason));
    }

    @Override
    public Interaction accept(String id, String agent) {
        return onInteraction(id, n -> n.accept(id, agent));
    }

    @Override
    public Interaction updateData(String id, Map<String, String> changes) {
        return onInteraction(id, n -> n.updateData(id, changes));
    }

    @Override
    public Interaction putInWorkbin(String id, String workbin, String owner) {
        return onInteraction(id, n -> n.putInWorkbin(id, workbin, owner));
    }

    private Interaction onInteraction(String id, Function<InteractionNode, Interaction> op) {
        return guarded("interaction " + id, () -> {
            Located l = locate(id);
            if (l == null) {
                throw InteractionException.notFound(id);
            }
            try {
                return call(l.node(), op, l.service());
            } catch (InteractionException e) {
                if (e.code() == 404) {
                    cache.remove(id);
                }
                throw e;
            }
        });
    }

    private record Located(String node, InteractionNode service, Interaction interaction) {
    }

    /**
     * Where an id lives: the cached node if it still has it, else a broadcast. Null only when every
     * node answered that it does not have the id; a node down makes that unprovable (2003).
     */
    private Located locate(String id) {
        Map<String, InteractionNode> all = nodes.all();
        String generator = generatedBy(id, all);
        if (generator != null) {
            return locateGenerated(id, generator, all.get(generator));
        }
        String cached = cache.get(id);
        if (cached != null) {
            InteractionNode n = all.get(cached);
            if (n == null) {
                throw InteractionException.proxy(InteractionException.NOT_ACCESSIBLE,
                        "interaction '" + id + "' is on node " + cached + ", which is down");
            }
            Optional<Interaction> i = call(cached, node -> node.get(id), n);
            if (i.isPresent()) {
                return new Located(cached, n, i.get());
            }
            cache.remove(id);
        }
        List<String> down = new ArrayList<>();
        List<Located> found = new ArrayList<>();
        Map<String, CompletableFuture<Optional<Interaction>>> asked = new LinkedHashMap<>();
        for (Map.Entry<String, InteractionNode> e : all.entrySet()) {
            if (e.getValue() == null) {
                down.add(e.getKey());
            } else {
                InteractionNode n = e.getValue();
                asked.put(e.getKey(), CompletableFuture.supplyAsync(() -> n.get(id), executor));
            }
        }
        for (Map.Entry<String, CompletableFuture<Optional<Interaction>>> e : asked.entrySet()) {
            try {
                Optional<Interaction> i = e.getValue().join();
                i.ifPresent(x -> found.add(new Located(e.getKey(), all.get(e.getKey()), x)));
            } catch (java.util.concurrent.CompletionException ex) {
                if (ex.getCause() instanceof NodeUnavailableException) {
                    down.add(e.getKey());
                } else if (ex.getCause() instanceof RuntimeException re) {
                    throw re;
                } else {
                    throw ex;
                }
            }
        }
        if (found.size() > 1) {
            List<String> where = found.stream().map(Located::node).sorted().toList();
            throw InteractionException.proxy(InteractionException.DUPLICATE_ID,
                    "interaction '" + id + "' exists on nodes " + where);
        }
        if (!down.isEmpty()) {
            // even a hit may have a twin on a node that is down, but a hit is the best answer there is
            if (found.size() == 1) {
                cache.put(id, found.get(0).node());
                return found.get(0);
            }
            throw InteractionException.proxy(InteractionException.NOT_ACCESSIBLE,
                    "interaction '" + id + "' is on no running node and nodes " + new TreeSet<>(down) + " are down");
        }
        if (found.isEmpty()) {
            return null;
        }
        cache.put(id, found.get(0).node());
        return found.get(0);
    }

    /** The node of this proxy whose generated ids have the form of {@code id}, else null. */
    private static String generatedBy(String id, Map<String, InteractionNode> all) {
        String node = GeneratedIds.nodeOf(id);
        return node != null && all.containsKey(node) ? node : null;
    }

    /**
     * An id the node {@code generator} generated lives there or nowhere (the proxy refuses client
     * ids of that form): its answer is definite whatever else is down or the cache forgot.
     */
    private Located locateGenerated(String id, String generator, InteractionNode n) {
        InteractionException down = InteractionException.proxy(InteractionException.NOT_ACCESSIBLE,
                "interaction '" + id + "' is on node " + generator + ", which is down");
        if (n == null) {
            throw down;
        }
        Optional<Interaction> i;
        try {
            i = n.get(id);
        } catch (NodeUnavailableException e) {
            throw down;
        }
        if (i.isEmpty()) {
            cache.remove(id);
            return null;
        }
        cache.put(id, generator);
        return new Located(generator, n, i.get());
    }

    // ---- queues ----

    @Override
    public List<Interaction> pull(String tenant, String queue, int max, Interaction.ViewOrder order) {
        requireTenant(tenant);
        if (queue == null || queue.isBlank()) {
            throw InteractionException.badRequest("missing field 'queue'", "queue");
        }
        int want = max <= 0 ? 1 : max;
        return guarded("pull " + tenant + "/" + queue + "/" + order, () -> {
            Map<String, InteractionNode> serving = servingTenant(tenant, true);
            List<Interaction> out = new ArrayList<>();
            List<String> lost = new ArrayList<>();
            // Round 1 asks for what is there now; only if every node is empty does it wait (hold),
            // so a node with nothing never delays interactions that another node has.
            boolean hold = false;
            for (int round = 0; round < PULL_ROUNDS && out.size() < want; round++) {
                List<Interaction> heads = heads(serving, tenant, queue, want - out.size(), hold, lost, order);
                if (heads.isEmpty()) {
                    if (hold) {
                        break;
                    }
                    hold = true;
                    continue;
                }
                heads.sort(order.comparator());
                List<Interaction> best = heads.subList(0, Math.min(want - out.size(), heads.size()));
                int before = out.size();
                Map<String, List<String>> byNode = new LinkedHashMap<>();
                for (Interaction i : best) {
                    byNode.computeIfAbsent(i.node(), k -> new ArrayList<>()).add(i.id());
                }
                for (Map.Entry<String, List<String>> e : byNode.entrySet()) {
                    try {
                        List<Interaction> taken = serving.get(e.getKey()).take(e.getValue());
                        taken.forEach(i -> cache.put(i.id(), e.getKey()));
                        out.addAll(taken);
                    } catch (NodeUnavailableException ex) {
                        lost.add(e.getKey());
                        serving.remove(e.getKey());
                    }
                }
                // What another proxy took between peek and take is made up in the next round; once
                // this round got all it chose, the pull answers with what there is (it waits only
                // while there is nothing at all).
                if (out.size() - before == best.size()) {
                    break;
                }
                hold = false;
            }
            if (out.isEmpty() && !lost.isEmpty()) {
                throw InteractionException.proxy(InteractionException.LOST_CONNECTION,
                        "nodes " + new TreeSet<>(lost) + " failed during the pull");
            }
            out.sort(order.comparator());
            return out;
        });
    }

    /** The heads of the queue on every node, peeked in parallel. */
    private List<Interaction> heads(Map<String, InteractionNode> serving, String tenant, String queue, int max,
            boolean hold, List<String> lost, Interaction.ViewOrder order) {
        Map<String, CompletableFuture<List<Interaction>>> asked = new LinkedHashMap<>();
        long longest = 0;
        for (Map.Entry<String, InteractionNode> e : serving.entrySet()) {
            InteractionNode n = e.getValue();
            long holdMillis = 0;
            if (hold) {
                NodeInfo info = safeInfo(n);
                holdMillis = settings.pullHoldTimeoutMillis() >= 0 ? settings.pullHoldTimeoutMillis()
                        : info == null ? 0 : info.pullHoldMillis();
            }
            longest = Math.max(longest, holdMillis);
            long h = holdMillis;
            asked.put(e.getKey(), CompletableFuture.supplyAsync(() -> n.peek(tenant, queue, max, h, order), executor));
        }
        List<Interaction> heads = new ArrayList<>();
        if (hold && !asked.isEmpty()) {
            // waiting: the first node that has something ends the wait for all
            CompletableFuture<Void> first = new CompletableFuture<>();
            asked.values().forEach(f -> f.thenAccept(l -> {
                if (!l.isEmpty()) {
                    first.complete(null);
                }
            }));
            CompletableFuture.allOf(asked.values().stream().map(f -> f.handle((v, t) -> null))
                    .toArray(CompletableFuture[]::new)).thenRun(() -> first.complete(null));
            try {
                first.get(longest + 1000, TimeUnit.MILLISECONDS);
            } catch (Exception timeout) {
                // collect whatever the nodes have answered
            }
        }
        for (Map.Entry<String, CompletableFuture<List<Interaction>>> e : asked.entrySet()) {
            CompletableFuture<List<Interaction>> f = e.getValue();
            if (!hold) {
                try {
                    heads.addAll(f.get(10, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException ex) {
                    failed(e.getKey(), ex.getCause(), lost, serving);
                } catch (TimeoutException | InterruptedException ex) {
                    lost.add(e.getKey());
                }
                continue;
            }
            if (!f.isDone()) {
                continue; // still holding: it had nothing
            }
            try {
                heads.addAll(f.join());
            } catch (java.util.concurrent.CompletionException ex) {
                failed(e.getKey(), ex.getCause(), lost, serving);
            }
        }
        return heads;
    }

    private static void failed(String node, Throwable cause, List<String> lost, Map<String, InteractionNode> serving) {
        if (cause instanceof NodeUnavailableException) {
            lost.add(node);
            serving.remove(node);
        } else if (cause instanceof RuntimeException re) {
            throw re;
        } else {
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public List<Interaction> find(String tenant, Map<String, String> where, int limit) {
        requireTenant(tenant);
        List<Interaction> all = fanOut(servingTenant(tenant, true), n -> n.find(tenant, where, limit),
                InteractionException.LOST_CONNECTION);
        return limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
    }

    @Override
    public List<Interaction> workbin(String tenant, String workbin, String owner) {
        requireTenant(tenant);
        return fanOut(servingTenant(tenant, true), n -> n.workbin(tenant, workbin, owner),
                InteractionException.LOST_CONNECTION);
    }

    @Override
    public List<Interaction> snapshot(String tenant, String queue, int max) {
        requireTenant(tenant);
        List<String> down = downServing(tenant);
        if (!down.isEmpty()) {
            throw InteractionException.proxy(InteractionException.SNAPSHOT_NOT_ACCESSIBLE,
                    "nodes " + down + " serving tenant '" + tenant + "' are down");
        }
        List<Interaction> all = fanOut(servingTenant(tenant, true), n -> n.snapshot(tenant, queue, max),
                InteractionException.SNAPSHOT_NOT_ACCESSIBLE);
        return max > 0 && all.size() > max ? all.subList(0, max) : all;
    }

    /** Every serving node in parallel, merged in queue order; a node failing fails the request. */
    private List<Interaction> fanOut(Map<String, InteractionNode> serving, Function<InteractionNode, List<Interaction>> op,
            int lostCode) {
        Map<String, CompletableFuture<List<Interaction>>> asked = new LinkedHashMap<>();
        serving.forEach((name, n) -> asked.put(name, CompletableFuture.supplyAsync(() -> op.apply(n), executor)));
        List<Interaction> out = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<List<Interaction>>> e : asked.entrySet()) {
            try {
                out.addAll(e.getValue().join());
            } catch (java.util.concurrent.CompletionException ex) {
                if (ex.getCause() instanceof NodeUnavailableException) {
                    throw InteractionException.proxy(lostCode, "node " + e.getKey() + " failed: "
                            + ex.getCause().getMessage());
                }
                throw ex.getCause() instanceof RuntimeException re ? re : ex;
            }
        }
        out.sort(Interaction.QUEUE_ORDER);
        return out;
    }

    // ---- agents ----

    @Override
    public Set<String> agentLogin(String tenant, String agent, String place, Set<String> media) {
        requireTenant(tenant);
        if (agent == null || agent.isBlank()) {
            throw InteractionException.badRequest("missing agent", "agent");
        }
        return guarded("agent " + tenant + "/" + agent, () -> {
            Map<String, InteractionNode> serving = servingTenant(tenant, false);
            Set<String> loggedIn = new java.util.TreeSet<>();
            List<String> done = new ArrayList<>();
            for (Map.Entry<String, InteractionNode> e : serving.entrySet()) {
                try {
                    loggedIn.addAll(call(e.getKey(), n -> n.agentLogin(tenant, agent, place, media), e.getValue()));
                    done.add(e.getKey());
                } catch (RuntimeException failure) {
                    // all or nothing: a login that failed on one node is taken back everywhere
                    for (String name : done) {
                        try {
                            serving.get(name).agentLogout(tenant, agent);
                        } catch (RuntimeException ignored) {
                            // that node is failing too; its login goes with it
                        }
                    }
                    throw failure;
                }
            }
            if (loggedIn.isEmpty()) {
                throw InteractionException.proxy(InteractionException.NO_SERVER_FOR_MEDIA_TENANT,
                        "no running node serves media " + media + " for tenant '" + tenant + "'");
            }
            return loggedIn;
        });
    }

    @Override
    public void agentLogout(String tenant, String agent) {
        agentEverywhere(tenant, agent, n -> n.agentLogout(tenant, agent));
    }

    @Override
    public void agentReady(String tenant, String agent, Set<String> media) {
        agentEverywhere(tenant, agent, n -> n.agentReady(tenant, agent, media));
    }

    @Override
    public void agentNotReady(String tenant, String agent, Set<String> media, String reason) {
        agentEverywhere(tenant, agent, n -> n.agentNotReady(tenant, agent, media, reason));
    }

    private void agentEverywhere(String tenant, String agent, Function<InteractionNode, Set<String>> op) {
        requireTenant(tenant);
        guarded("agent " + tenant + "/" + agent, () -> {
            Set<String> applied = new LinkedHashSet<>();
            for (Map.Entry<String, InteractionNode> e : servingTenant(tenant, false).entrySet()) {
                applied.addAll(call(e.getKey(), op, e.getValue()));
            }
            if (applied.isEmpty()) {
                throw InteractionException.conflict("agent '" + agent + "' is not logged in", "agent");
            }
            return applied;
        });
    }

    /** Agents over all nodes: agent → media → state (for the shell). */
    public Map<String, Map<String, String>> agents(String tenant) {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        for (Map.Entry<String, InteractionNode> e : servingTenant(tenant, true).entrySet()) {
            e.getValue().agents(tenant).forEach((a, m) -> out.computeIfAbsent(a, k -> new java.util.TreeMap<>()).putAll(m));
        }
        return out;
    }

    // ---- routing helpers ----

    /** Running nodes that serve the tenant; with none at all, 2001. */
    private Map<String, InteractionNode> servingTenant(String tenant, boolean allowEmpty) {
        Map<String, InteractionNode> out = new java.util.TreeMap<>();
        for (Map.Entry<String, InteractionNode> e : nodes.all().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            NodeInfo info = safeInfo(e.getValue());
            if (info != null && info.servesTenant(tenant)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        if (out.isEmpty() && downServing(tenant).isEmpty()) {
            throw InteractionException.proxy(InteractionException.NO_SERVER_FOR_MEDIA_TENANT,
                    "no node serves tenant '" + tenant + "'");
        }
        if (out.isEmpty() && !allowEmpty) {
            throw InteractionException.proxy(InteractionException.NO_SERVER_FOR_MEDIA_TENANT,
                    "no running node serves tenant '" + tenant + "'");
        }
        return out;
    }

    /** Down nodes that served the tenant when last seen (or were never seen: they might). */
    private List<String> downServing(String tenant) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, InteractionNode> e : nodes.all().entrySet()) {
            if (e.getValue() == null) {
                NodeInfo last = nodes.lastInfo(e.getKey());
                if (last == null || last.servesTenant(tenant)) {
                    out.add(e.getKey());
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static NodeInfo safeInfo(InteractionNode n) {
        try {
            return n.info();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One node call; the node failing on the way is a lost connection (2002). */
    private static <T> T call(String name, Function<InteractionNode, T> op, InteractionNode node) {
        try {
            return op.apply(node);
        } catch (NodeUnavailableException e) {
            throw InteractionException.proxy(InteractionException.LOST_CONNECTION,
                    "node " + name + " failed: " + e.getMessage());
        }
    }

    /** One operation per interaction, agent or pulled view at a time through this proxy (2004). */
    private <T> T guarded(String key, java.util.function.Supplier<T> op) {
        if (!inProgress.add(key)) {
            throw InteractionException.proxy(InteractionException.IN_PROGRESS, key);
        }
        try {
            return op.get();
        } finally {
            inProgress.remove(key);
        }
    }

    private static void requireTenant(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw InteractionException.badRequest("missing field 'tenant'", "tenant");
        }
    }

    /** Operations in flight (for the shell). */
    public Collection<String> inProgress() {
        return new ArrayList<>(inProgress);
    }
}
