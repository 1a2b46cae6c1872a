package io.switchboard.ixn.proxy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Interaction id → node, least recently used evicted beyond proxy-cache-size. */
public final class IdCache {

    private final int capacity;
    private final LinkedHashMap<String, String> map;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public IdCache(int capacity) {
        this.capacity = Math.max(0, capacity);
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > IdCache.this.capacity;
            }
        };
    }

    public synchronized String get(String id) {
        String node = map.get(id);
        (node == null ? misses : hits).incrementAndGet();
        return node;
    }

    public synchronized void put(String id, String node) {
        if (capacity > 0) {
            map.put(id, node);
        }
    }

    public synchronized void remove(String id) {
        map.remove(id);
    }

    public synchronized void clear() {
        map.clear();
    }

    public synchronized int size() {
        return map.size();
    }

    public int capacity() {
        return capacity;
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /** Most recently used last. */
    public synchronized List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(Map.entry(k, v)));
        return out;
    }
}
