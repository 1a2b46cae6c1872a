package io.switchboard.engine.internal.registry;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.listener.MapEvictedListener;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's copy of the entries of a small grid map of definitions that it has read, dropped
 * when the entry changes anywhere in the cluster. A notifier pass reads a definition for every
 * statistic it evaluates; from the map each read was a grid operation and a fresh deserialized
 * instance (so nothing derived from it could be remembered by identity). A change made on another
 * node reaches the copy when its entry event does, milliseconds later; reads that must see every
 * acknowledged change at once (opening or peeking a statistic) go to the map.
 */
final class LocalView<V> {

    private final IMap<String, V> map;
    private final ConcurrentHashMap<String, V> copies = new ConcurrentHashMap<>();
    /** Moves on every invalidation, so that a read racing with one does not keep what it read. */
    private final AtomicLong generation = new AtomicLong();
    private final UUID listener;

    LocalView(IMap<String, V> map) {
        this.map = map;
        this.listener = map.addEntryListener(new Invalidation(), false);
    }

    V get(String name) {
        V v = copies.get(name);
        if (v != null) {
            return v;
        }
        long before = generation.get();
        v = map.get(name);
        if (v != null) {
            copies.put(name, v);
            if (generation.get() != before) {
                // an invalidation may have run between the read and the put: do not keep it
                copies.remove(name, v);
            }
        }
        return v;
    }

    /** For changes made through this node: seen by the next read here, not when the event comes. */
    void invalidate(String name) {
        generation.incrementAndGet();
        copies.remove(name);
    }

    private void invalidateAll() {
        generation.incrementAndGet();
        copies.clear();
    }

    void close() {
        try {
            map.removeEntryListener(listener);
        } catch (RuntimeException shuttingDown) {
            // the instance is going away with its listeners
        }
        invalidateAll();
    }

    private final class Invalidation implements EntryAddedListener<String, V>, EntryUpdatedListener<String, V>,
            EntryRemovedListener<String, V>, EntryEvictedListener<String, V>, EntryExpiredListener<String, V>,
            MapClearedListener, MapEvictedListener {
        @Override
        public void entryAdded(EntryEvent<String, V> event) {
            invalidate(event.getKey());
        }

        @Override
        public void entryUpdated(EntryEvent<String, V> event) {
            invalidate(event.getKey());
        }

        @Override
        public void entryRemoved(EntryEvent<String, V> event) {
            invalidate(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, V> event) {
            invalidate(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, V> event) {
            invalidate(event.getKey());
        }

        @Override
        public void mapCleared(MapEvent event) {
            invalidateAll();
        }

        @Override
        public void mapEvicted(MapEvent event) {
            invalidateAll();
        }
    }
}
