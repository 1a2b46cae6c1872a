package io.switchboard.systemtests;

/** When each event is due to be sent. */
@FunctionalInterface
public interface Pacer {

    /** The {@link System#nanoTime()} at which event {@code seq} is scheduled, or 0 for "now". */
    long scheduledNanos(long seq);

    Pacer AS_FAST_AS_POSSIBLE = seq -> 0;

    /** A fixed rate from {@code startNanos}: event 1 at the start, event n at (n − 1) / rate. */
    static Pacer fixedRate(long startNanos, double eventsPerSecond) {
        double nanosPerEvent = 1e9 / eventsPerSecond;
        return seq -> startNanos + (long) ((seq - 1) * nanosPerEvent);
    }

    /**
     * At most {@code eventsPerSecond}, never catching up: after a pause (a reconnect) the next
     * event goes at once and the following ones at the rate again. Keeps events in flight around
     * a crash instead of sending a backlog in one burst.
     */
    static Pacer steady(double eventsPerSecond) {
        long interval = (long) (1e9 / eventsPerSecond);
        long[] next = { 0 };
        return seq -> {
            next[0] = Math.max(next[0] + interval, System.nanoTime());
            return next[0];
        };
    }
}
