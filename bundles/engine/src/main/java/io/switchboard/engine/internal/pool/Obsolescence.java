package io.switchboard.engine.internal.pool;

import java.util.function.LongSupplier;

/**
 * Drops the pooled statistics no client asked for within {@code obsoleteAfter}. Usage is
 * reckoned in wall time whatever the engine's clock: under the event clock a replay of past days
 * must neither age a statistic a client used a minute ago nor keep one nobody used for days.
 */
public final class Obsolescence {

    private final StatPool pool;
    private final LongSupplier usageClock;
    private final long obsoleteAfterMillis;

    public Obsolescence(StatPool pool, LongSupplier usageClock, long obsoleteAfterMillis) {
        this.pool = pool;
        this.usageClock = usageClock;
        this.obsoleteAfterMillis = obsoleteAfterMillis;
    }

    public long obsoleteAfterMillis() {
        return obsoleteAfterMillis;
    }

    /** Drops what is obsolete now; returns how many. */
    public int dropObsolete() {
        long now = usageClock.getAsLong();
        lastCheck = now;
        return pool.dropUnusedSince(now - obsoleteAfterMillis);
    }

    private long lastCheck = Long.MIN_VALUE;

    /**
     * How often {@link #dropObsoleteIfDue} looks: a 72nd of {@code obsoleteAfter} (an hour for
     * three days), at least a minute. Finding the unused statistics reads the whole pool out of
     * the grid; with every backup (each minute, and seconds after each definition) that was the
     * largest part of the backup thread's work at 60,000 statistics, for statistics that then
     * outlive their term by at most this much.
     */
    public long checkEveryMillis() {
        return Math.max(60_000, obsoleteAfterMillis / 72);
    }

    /** {@link #dropObsolete} if the last look is {@link #checkEveryMillis} old; else 0. */
    public int dropObsoleteIfDue() {
        long now = usageClock.getAsLong();
        if (lastCheck != Long.MIN_VALUE && now - lastCheck < checkEveryMillis() && now >= lastCheck) {
            return 0;
        }
        return dropObsolete();
    }
}
