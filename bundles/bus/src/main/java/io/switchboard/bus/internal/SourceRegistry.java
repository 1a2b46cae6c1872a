package io.switchboard.bus.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.SourceStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-source last accepted seq (the idempotency key) and counters. The last seq is kept in a
 * shared map so every node judges duplicates alike; counters are this node's.
 */
final class SourceRegistry {

    /** Where the last seq of each source is kept (a grid map in production). */
    interface SeqStore {
        long get(String source);

        void put(String source, long seq);

        /** Every source with a position, whichever node accepted it. */
        default java.util.Set<String> sources() {
            return java.util.Set.of();
        }
    }

    static final class Counters {
        final String source;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        volatile long lastEventAt;

        Counters(String source) {
            this.source = source;
        }
    }

    private final SeqStore store;
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Long> reserved = new ConcurrentHashMap<>();
    final AtomicLong acceptedTotal = new AtomicLong();
    final AtomicLong duplicatesTotal = new AtomicLong();
    final AtomicLong rejectedTotal = new AtomicLong();

    /** Told of each source the first time this node hears of it (for its MBean). */
    private volatile java.util.function.Consumer<String> newSource = s -> { };

    SourceRegistry(SeqStore store) {
        this.store = store;
    }

    void onNewSource(java.util.function.Consumer<String> listener) {
        this.newSource = listener;
    }

    Counters counters(String source) {
        Counters c = counters.get(source);
        if (c == null) {
            Counters fresh = new Counters(source);
            c = counters.putIfAbsent(source, fresh);
            if (c == null) {
                c = fresh;
                newSource.accept(source);
            }
        }
        return c;
    }

    java.util.Set<String> names() {
        return counters.keySet();
    }

    /** Serialises batches of one source, so that seq order holds across concurrent callers. */
    Object lock(String source) {
        return locks.computeIfAbsent(source, s -> new Object());
    }

    /** The last durable seq of the source: what a resuming source is told, and what acks say. */
    long lastSeq(String source) {
        return store.get(source);
    }

    /**
     * The last seq taken for the source, durable or on its way to the journal: what a new event
     * must exceed. Call under the source's lock. The shared position is read too, in case another
     * node took the source meanwhile.
     */
    long reserved(String source) {
        long durable = store.get(source);
        Long mine = reserved.get(source);
        return mine == null ? durable : Math.max(mine, durable);
    }

    void reserve(String source, long seq) {
        reserved.put(source, seq);
    }

    /** Forgets what was taken but not acknowledged: the next event must only exceed the durable position. */
    void unreserve(String source) {
        reserved.remove(source);
    }

    /** Positions this node moved, so that it never moves one back (acks at durability and after the apply mix when members come and go). */
    private final Map<String, Long> advanced = new ConcurrentHashMap<>();

    void advance(String source, long seq) {
        // a local guard only: one grid write per group on the event path, no read before it
        boolean[] forward = {false};
        advanced.compute(source, (s, before) -> {
            forward[0] = before == null || seq > before;
            return forward[0] ? seq : before;
        });
        if (forward[0]) {
            store.put(source, seq);
        }
    }

    void countAccepted(CanonicalEvent e) {
        Counters c = counters(e.source());
        c.accepted.incrementAndGet();
        c.lastEventAt = e.ts();
        acceptedTotal.incrementAndGet();
    }

    void countDuplicate(String source) {
        counters(source).duplicates.incrementAndGet();
        duplicatesTotal.incrementAndGet();
    }

    void countRejected(String source) {
        if (source != null) {
            counters(source).rejected.incrementAndGet();
        }
        rejectedTotal.incrementAndGet();
    }

    /** Every known source: this node's counters, and the positions of the others (counted 0 here). */
    List<SourceStats> stats() {
        List<SourceStats> list = new ArrayList<>();
        java.util.Set<String> names = new java.util.TreeSet<>(counters.keySet());
        names.addAll(store.sources());
        for (String source : names) {
            Counters c = counters.get(source);
            list.add(c == null ? new SourceStats(source, store.get(source), 0, 0, 0, 0)
                    : new SourceStats(c.source, store.get(c.source), c.accepted.get(), c.duplicates.get(),
                            c.rejected.get(), c.lastEventAt));
        }
        list.sort(Comparator.comparing(SourceStats::source));
        return list;
    }
}
