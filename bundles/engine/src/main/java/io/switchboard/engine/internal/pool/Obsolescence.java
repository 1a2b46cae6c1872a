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
        return pool.dropUnusedSince(usageClock.getAsLong() - obsoleteAfterMillis);
    }
}
