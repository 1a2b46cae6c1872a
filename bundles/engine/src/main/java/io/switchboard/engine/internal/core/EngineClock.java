package io.switchboard.engine.internal.core;

import io.switchboard.api.time.SwitchboardClock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Wall time, or the largest event timestamp seen (never moving backwards). */
public final class EngineClock implements SwitchboardClock {

    public enum Mode { wall, event }

    private final Mode mode;
    private final LongSupplier wall;
    private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);

    public EngineClock(Mode mode, LongSupplier wall) {
        this.mode = mode;
        this.wall = wall;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public long now() {
        if (mode == Mode.wall) {
            return wall.getAsLong();
        }
        long t = latest.get();
        // Before any event the event clock has nothing to say; wall time is the honest default.
        return t == Long.MIN_VALUE ? wall.getAsLong() : t;
    }

    /** The largest event timestamp seen, {@link Long#MIN_VALUE} before any (whatever the mode). */
    public long latestEvent() {
        return latest.get();
    }

    @Override
    public void observe(long eventTs) {
        latest.accumulateAndGet(eventTs, Math::max);
    }
}
