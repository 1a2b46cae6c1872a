package io.switchboard.engine.internal.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's event clock (API.md "Cluster"): the largest event time any node has seen, kept
 * in one grid entry. A node moves it once per applied batch (an entry processor keeping the
 * maximum, so concurrent batches of several nodes never move it back) and reads its own copy,
 * kept current by an entry listener: the hot path never asks the grid.
 */
public final class ClusterClock implements LongSupplier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterClock.class);

    static final String MAP = "sb.clock";
    static final String KEY = "latestEvent";

    private final IMap<String, Long> map;
    private final AtomicLong cached = new AtomicLong(Long.MIN_VALUE);
    private final UUID listener;

    public ClusterClock(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
        this.listener = map.addEntryListener(new Changes(), true);
        // read after the listener is in place: no update falls between the two
        Long v = map.get(KEY);
        if (v != null) {
            cached.accumulateAndGet(v, Math::max);
        }
    }

    /** The largest event time any node has seen; Long.MIN_VALUE before any. */
    @Override
    public long getAsLong() {
        return cached.get();
    }

    /** A batch up to {@code ts} was applied here: the cluster's clock moves to it unless it is already later. */
    public void advance(long ts) {
        if (ts == Long.MIN_VALUE || ts <= cached.get()) {
            // nothing new for the cluster: no grid round trip
            return;
        }
        cached.accumulateAndGet(ts, Math::max);
        try {
            map.executeOnKey(KEY, new Max(ts));
        } catch (RuntimeException e) {
            // the batch is applied already: failing it would have it resent. This node's own clock
            // has the time; the cluster gets it with the next batch that moves it.
            cached.compareAndSet(ts, ts - 1);
            LOG.warn("The cluster's event clock was not moved to {}: {}", ts, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            map.removeEntryListener(listener);
        } catch (RuntimeException gridGone) {
            // the member is shutting down: the listener goes with it
        }
    }

    private final class Changes implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
        @Override
        public void entryAdded(EntryEvent<String, Long> event) {
            seen(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Long> event) {
            seen(event.getValue());
        }

        private void seen(Long v) {
            if (v != null) {
                cached.accumulateAndGet(v, Math::max);
            }
        }
    }

    /** Keeps the larger of the entry's time and its own. */
    static final class Max implements EntryProcessor<String, Long, Boolean> {
        final long ts;

        Max(long ts) {
            this.ts = ts;
        }

        @Override
        public Boolean process(Map.Entry<String, Long> entry) {
            Long v = entry.getValue();
            if (v != null && v >= ts) {
                return false;
            }
            entry.setValue(ts);
            return true;
        }
    }
}
