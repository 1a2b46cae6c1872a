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
}
