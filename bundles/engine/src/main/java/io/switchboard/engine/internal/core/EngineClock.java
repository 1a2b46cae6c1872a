package io.switchboard.engine.internal.core;

import io.switchboard.api.time.SwitchboardClock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Wall time, or the largest event timestamp seen (never moving backwards): under the event clock
 * the largest any node of the cluster has seen (API.md "Cluster"), read from the cluster's copy
 * this node keeps, and this node's own latest (which it may know before the cluster's copy).
 */
public final class EngineClock implements SwitchboardClock {

    public enum Mode { wall, event }

    private final Mode mode;
    private final LongSupplier wall;
    private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);
    private final LongSupplier cluster;
    private final LongConsumer publish;

    /** A clock of one node. */
    public EngineClock(Mode mode, LongSupplier wall) {
        this(mode, wall, () -> Long.MIN_VALUE, ts -> { });
    }

    /**
     * A node's clock in a cluster: {@code cluster} reads the cluster's latest event time (cheap,
     * called on every read), {@code publish} tells the cluster of a later one (once per batch).
     */
    public EngineClock(Mode mode, LongSupplier wall, LongSupplier cluster, LongConsumer publish) {
        this.mode = mode;
        this.wall = wall;
        this.cluster = cluster;
        this.publish = publish;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public long now() {
        if (mode == Mode.wall) {
            return wall.getAsLong();
        }
        long t = Math.max(latest.get(), cluster.getAsLong());
        // Before any event the event clock has nothing to say; wall time is the honest default.
        return t == Long.MIN_VALUE ? wall.getAsLong() : t;
    }

    /** The largest event timestamp seen, Long.MIN_VALUE if none (kept in backups for the event clock). */
    public long latestEvent() {
        return latest.get();
    }

    @Override
    public void observe(long eventTs) {
        latest.accumulateAndGet(eventTs, Math::max);
        if (mode == Mode.event && eventTs != Long.MIN_VALUE) {
            publish.accept(eventTs);
        }
    }

    /**
     * Applies events, then moves the clock to their latest time. In this order a reader that sees
     * the new time also sees the events: one that evaluated at the new time before them would find a
     * growing day reset and still empty (a changes client got a 0 at midnight that was never true).
     * A reader at the older time is right either way, since evaluations ignore later actions.
     */
    public <T> T applyThenObserve(long latestEventTs, Supplier<T> apply) {
        T result = apply.get();
        observe(latestEventTs);
        return result;
    }
}
