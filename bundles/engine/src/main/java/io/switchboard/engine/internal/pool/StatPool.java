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
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * The persistent pool of opened statistics, shared by every node: a definition (stat type,
 * object, profile, filter — the range is part of the stat type) has one ref, so a re-open finds
 * the running statistic, and it stays in the pool after its clients close it.
 */
public final class StatPool {

    public static final String MAP = "sb.stats";

    private final IMap<String, PooledStat> stats;

    public StatPool(HazelcastInstance hz) {
        this.stats = hz.getMap(MAP);
    }

    /** Adds the definition if new; returns its entry, last requested now. */
    public PooledStat open(StatRequest request, Notification notification, long now) {
        String ref = refOf(request);
        PooledStat existing = stats.get(ref);
        PooledStat entry = existing == null ? new PooledStat(ref, request, notification, now, now)
                : existing.touched(now, notification);
        stats.set(ref, entry);
        return entry;
    }

    /** The entry of a ref, marked as requested now; null if unknown. */
    public PooledStat touch(String ref, long now) {
        PooledStat p = stats.get(ref);
        if (p == null) {
            return null;
        }
        PooledStat t = p.touched(now, null);
        stats.set(ref, t);
        return t;
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
    }

    /** Drops the statistics nobody asked for since {@code before}; returns how many. */
    public int dropUnusedSince(long before) {
        int n = 0;
        for (PooledStat p : all()) {
            if (p.lastRequest() < before) {
                stats.delete(p.ref());
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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
