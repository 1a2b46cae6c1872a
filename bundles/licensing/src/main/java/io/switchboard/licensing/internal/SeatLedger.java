package io.switchboard.licensing.internal;

import io.switchboard.api.licensing.Licenses;
import io.switchboard.api.licensing.Seat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Who holds a seat on which node, and the limits. A node's seats are shared by both instances of
 * its pair, so they are counted by node name, never by instance. An agent holds at most one seat
 * per node whatever media it logs in on there. Logins are numbered in the order they took their
 * seat, so a lowered limit can pick the most recent ones.
 */
final class SeatLedger {

    private record Holder(String tenant, String agent) {
    }

    /** {@code order}: login order, lower = older; seats adopted from a node are older than every login seen. */
    private record Held(long order, long since) {
    }

    private final LongSupplier clock;
    private final Map<String, Map<Holder, Held>> byNode = new TreeMap<>();
    private final Set<String> up = new TreeSet<>();
    private SeatLimits limits = SeatLimits.NONE;
    private long nextOrder = 1;
    private long adoptedOrder = 0;

    SeatLedger(LongSupplier clock) {
        this.clock = clock;
    }

    /** Takes a seat (or confirms the one the agent has) on the node; false when its seats are all taken. */
    synchronized boolean acquire(String node, String tenant, String agent) {
        Map<Holder, Held> seats = byNode.computeIfAbsent(node, k -> new HashMap<>());
        Holder h = new Holder(tenant, agent);
        if (seats.containsKey(h)) {
            return true;
        }
        Integer limit = limits.of(node);
        if (limit != null && seats.size() >= limit) {
            return false;
        }
        seats.put(h, new Held(nextOrder++, clock.getAsLong()));
        return true;
    }

    synchronized void release(String node, String tenant, String agent) {
        Map<Holder, Held> seats = byNode.get(node);
        if (seats != null) {
            seats.remove(new Holder(tenant, agent));
        }
    }

    synchronized void releaseEverywhere(String tenant, String agent) {
        byNode.values().forEach(seats -> seats.remove(new Holder(tenant, agent)));
    }

    synchronized void limits(SeatLimits limits) {
        this.limits = limits;
    }

    synchronized SeatLimits limits() {
        return limits;
    }

    synchronized void nodeUp(String node) {
        up.add(node);
    }

    synchronized void nodeDown(String node) {
        up.remove(node);
    }

    /** A point in the login order: seats taken after it are left alone by {@link #reconcile}. */
    synchronized long mark() {
        return nextOrder;
    }

    /**
     * Makes the node's seats what the node itself says is logged in (read after {@code mark}):
     * seats the ledger never saw are adopted as the oldest, seats of agents the node no longer has
     * are dropped, except those taken after the mark (their login may not be written yet).
     */
    synchronized void reconcile(String node, Map<String, Set<String>> loggedIn, long mark) {
        Map<Holder, Held> seats = byNode.computeIfAbsent(node, k -> new HashMap<>());
        Set<Holder> present = new java.util.HashSet<>();
        loggedIn.forEach((tenant, agents) -> agents.forEach(a -> present.add(new Holder(tenant, a))));
        seats.entrySet().removeIf(e -> e.getValue().order() < mark && !present.contains(e.getKey()));
        // adopted in reverse name order, so that on every node the same agents count as the oldest
        present.stream().filter(h -> !seats.containsKey(h))
                .sorted(Comparator.comparing((Holder h) -> h.tenant() + "\u0000" + h.agent()).reversed())
                .forEach(h -> seats.put(h, new Held(adoptedOrder--, 0)));
    }

    /**
     * The logins to log out so that every node is within its limit, most recent first. An agent
     * logged out leaves every node, so it frees a seat on each node it holds
     * one on: an agent is picked by when it logged in (its first seat), and only while a node it
     * sits on is still over — never one agent per node over, which would log out more than needed.
     * Each pick names the first node over that it frees.
     */
    synchronized List<Seat> excess() {
        Map<String, Integer> over = new TreeMap<>();
        for (Map.Entry<String, Map<Holder, Held>> n : byNode.entrySet()) {
            Integer limit = limits.of(n.getKey());
            if (limit != null && n.getValue().size() > limit) {
                over.put(n.getKey(), n.getValue().size() - limit);
            }
        }
        if (over.isEmpty()) {
            return List.of();
        }
        Map<Holder, Held> first = new HashMap<>();
        byNode.values().forEach(seats -> seats.forEach((h, held) -> first.merge(h, held,
                (a, b) -> a.order() <= b.order() ? a : b)));
        List<Map.Entry<Holder, Held>> newestFirst = new ArrayList<>(first.entrySet());
        newestFirst.sort(Comparator.comparingLong((Map.Entry<Holder, Held> e) -> e.getValue().order()).reversed()
                .thenComparing(e -> e.getKey().tenant() + "\u0000" + e.getKey().agent()));
        List<Seat> out = new ArrayList<>();
        for (Map.Entry<Holder, Held> e : newestFirst) {
            if (over.isEmpty()) {
                break;
            }
            String frees = null;
            for (Map.Entry<String, Map<Holder, Held>> n : byNode.entrySet()) {
                Integer left = over.get(n.getKey());
                if (left != null && n.getValue().containsKey(e.getKey())) {
                    frees = frees == null ? n.getKey() : frees;
                    if (left == 1) {
                        over.remove(n.getKey());
                    } else {
                        over.put(n.getKey(), left - 1);
                    }
                }
            }
            if (frees != null) {
                out.add(new Seat(frees, e.getKey().tenant(), e.getKey().agent(), e.getValue().since()));
            }
        }
        return out;
    }

    synchronized boolean holds(String node, String tenant, String agent) {
        Map<Holder, Held> seats = byNode.get(node);
        return seats != null && seats.containsKey(new Holder(tenant, agent));
    }

    /**
     * Every node that runs, holds seats or has a limit of its own. The capacity is the smallest
     * limit among the running nodes: an agent takes a seat on each node serving its tenant, so the
     * smallest node is full first.
     */
    synchronized Licenses licenses() {
        Set<String> names = new TreeSet<>(up);
        byNode.forEach((n, s) -> {
            if (!s.isEmpty()) {
                names.add(n);
            }
        });
        names.addAll(limits.perNode().keySet());
        List<Licenses.NodeSeats> nodes = new ArrayList<>();
        Integer capacity = null;
        for (String n : names) {
            Integer limit = limits.of(n);
            Map<Holder, Held> seats = byNode.get(n);
            boolean running = up.contains(n);
            nodes.add(new Licenses.NodeSeats(n, limit, seats == null ? 0 : seats.size(), running));
            if (running && limit != null) {
                capacity = capacity == null ? limit : Math.min(capacity, limit);
            }
        }
        return new Licenses(nodes, capacity);
    }

    /** Oldest first per node. */
    synchronized List<Seat> seats() {
        List<Seat> out = new ArrayList<>();
        byNode.forEach((n, s) -> s.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> e.getValue().order()))
                .forEach(e -> out.add(new Seat(n, e.getKey().tenant(), e.getKey().agent(), e.getValue().since()))));
        return out;
    }
}
