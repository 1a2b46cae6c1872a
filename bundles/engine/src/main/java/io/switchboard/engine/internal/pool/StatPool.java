package io.switchboard.engine.internal.pool;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatTypes;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The persistent pool of opened statistics, shared by every node: a definition (stat type,
 * object, profile, filter — the range is part of the stat type) has one ref, so a re-open finds
 * the running statistic, and it stays in the pool after its clients close it.
 */
public final class StatPool {

    public static final String MAP = "sb.stats";

    /**
     * How stale a statistic's last-request stamp may be before a request writes it again. The
     * stamp decides only which statistics are obsolete (days unused), and writing it at every
     * peek doubled the grid operations of a router that peeks every few hundred milliseconds.
     */
    static final long USAGE_STAMP_MILLIS = 60_000;

    private final IMap<String, PooledStat> stats;
    /** Counts the pool's changes on any member, so an unchanged pool is not read again for a backup. */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.UUID listener;

    public StatPool(HazelcastInstance hz) {
        this.stats = hz.getMap(MAP);
        this.listener = stats.addEntryListener(new Changes(version), false);
    }

    /** Counts added, updated, removed and evicted entries; values are not sent (includeValue false). */
    private record Changes(java.util.concurrent.atomic.AtomicLong version) implements
            com.hazelcast.map.listener.EntryAddedListener<String, PooledStat>,
            com.hazelcast.map.listener.EntryUpdatedListener<String, PooledStat>,
            com.hazelcast.map.listener.EntryRemovedListener<String, PooledStat>,
            com.hazelcast.map.listener.EntryEvictedListener<String, PooledStat>,
            com.hazelcast.map.listener.MapClearedListener {
        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, PooledStat> e) {
            version.incrementAndGet();
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, PooledStat> e) {
            version.incrementAndGet();
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<String, PooledStat> e) {
            version.incrementAndGet();
        }

        @Override
        public void entryEvicted(com.hazelcast.core.EntryEvent<String, PooledStat> e) {
            version.incrementAndGet();
        }

        @Override
        public void mapCleared(com.hazelcast.map.MapEvent e) {
            version.incrementAndGet();
        }
    }

    /**
     * Moves whenever the pool changed: at once for a change made here, when its event arrives
     * for one made on another member.
     */
    public long version() {
        return version.get();
    }

    /** Stops counting changes (the engine is going away; the map stays in the grid). */
    public void close() {
        try {
            stats.removeEntryListener(listener);
        } catch (RuntimeException gridGone) {
            // the member is shutting down: its listeners go with it
        }
    }

    /** Adds the definition if new; returns its entry, last requested now. */
    public PooledStat open(StatRequest request, Notification notification, long now) {
        String ref = refOf(request);
        // one grid operation for a new statistic (a million are opened at a center's start)
        PooledStat fresh = new PooledStat(ref, request, notification, now, now);
        PooledStat existing = stats.putIfAbsent(ref, fresh);
        if (existing == null) {
            version.incrementAndGet();
            return fresh;
        }
        if (existing.notification().equals(notification) && !stale(existing, now)) {
            return existing;
        }
        PooledStat entry = existing.touched(now, notification);
        stats.set(ref, entry);
        version.incrementAndGet();
        return entry;
    }

    /**
     * {@link #open} for many: a read of every ref, all at once, and one write of the new and changed entries,
     * each batched per member by the grid, instead of a round trip per statistic. Two nodes
     * opening the same new definition at once both write it; the entries differ only in the
     * notification, and the later one stands, as it would for two opens one after the other.
     */
    public List<PooledStat> openAll(List<StatRequest> requests, List<Notification> notifications, long now) {
        List<String> refs = new ArrayList<>(requests.size());
        for (StatRequest r : requests) {
            refs.add(refOf(r));
        }
        // a get per ref, all under way at once: getAll hands every partition's operation the whole
        // key set to pick its own keys from, a hash of each key per partition (a fifth of the
        // partition threads' time when a million were opened)
        Map<String, java.util.concurrent.CompletableFuture<PooledStat>> reads = new HashMap<>();
        for (String ref : refs) {
            reads.computeIfAbsent(ref, r -> stats.getAsync(r).toCompletableFuture());
        }
        Map<String, PooledStat> existing = new HashMap<>();
        reads.forEach((ref, read) -> {
            PooledStat p = read.join();
            if (p != null) {
                existing.put(ref, p);
            }
        });
        Map<String, PooledStat> writes = new HashMap<>();
        List<PooledStat> out = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            String ref = refs.get(i);
            Notification notification = notifications.get(i);
            PooledStat entry = writes.get(ref);
            if (entry == null) {
                entry = existing.get(ref);
            }
            if (entry == null) {
                entry = new PooledStat(ref, requests.get(i), notification, now, now);
                writes.put(ref, entry);
            } else if (!entry.notification().equals(notification) || stale(entry, now)) {
                entry = entry.touched(now, notification);
                writes.put(ref, entry);
            }
            out.add(entry);
        }
        if (!writes.isEmpty()) {
            stats.setAll(writes);
            version.incrementAndGet();
        }
        return out;
    }

    /** The entry of a ref, marked as requested now (within {@link #USAGE_STAMP_MILLIS}); null if unknown. */
    public PooledStat touch(String ref, long now) {
        PooledStat p = stats.get(ref);
        if (p == null) {
            return null;
        }
        if (!stale(p, now)) {
            return p;
        }
        PooledStat t = p.touched(now, null);
        stats.set(ref, t);
        version.incrementAndGet();
        return t;
    }

    /** Its stamp is older than {@link #USAGE_STAMP_MILLIS}, or ahead of now (a clock set back). */
    private static boolean stale(PooledStat p, long now) {
        return now - p.lastRequest() >= USAGE_STAMP_MILLIS || now < p.lastRequest();
    }

    public PooledStat get(String ref) {
        return stats.get(ref);
    }

    public Collection<PooledStat> all() {
        return new ArrayList<>(stats.values());
    }

    public int size() {
        return stats.size();
    }

    public void remove(String ref) {
        stats.delete(ref);
        version.incrementAndGet();
    }

    /** Drops the statistics nobody asked for since {@code before}; returns how many. */
    public int dropUnusedSince(long before) {
        int n = 0;
        for (PooledStat p : all()) {
            if (p.lastRequest() < before) {
                stats.delete(p.ref());
                version.incrementAndGet();
                n++;
            }
        }
        return n;
    }

    /** Puts backed-up statistics into the pool (their refs are their definitions'). */
    public void restore(Collection<PooledStat> backup) {
        for (PooledStat p : backup) {
            stats.set(p.ref(), p);
        }
        version.incrementAndGet();
    }

    public boolean isEmpty() {
        return stats.isEmpty();
    }

    /** A stable ref: a digest of the definition in a canonical text form. */
    static String refOf(StatRequest r) {
        StringBuilder b = new StringBuilder();
        StatType t = r.statType();
        b.append(new TreeMap<>(StatTypes.toMap(t)).toString()).append('|');
        b.append(r.object().key()).append('|');
        b.append(r.inlineProfile() != null ? new TreeMap<>(r.inlineProfile()).toString()
                : r.timeProfile() == null ? "Default" : r.timeProfile()).append('|');
        b.append(r.filter().media()).append('|').append(new TreeMap<>(r.filter().data()));
        byte[] digest = SHA_256.get().digest(b.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 12);
    }

    /** A digest per thread: looking one up in the providers for every ref showed when a million were opened. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    });
}
