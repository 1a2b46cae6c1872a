package io.switchboard.engine.internal;

/** Events per second over the last N seconds, in one-second slots; cheap and lock-light. */
final class RateMeter {

    private final long[] counts;
    private final long[] seconds;

    RateMeter(int windowSeconds) {
        counts = new long[windowSeconds];
        seconds = new long[windowSeconds];
    }

    synchronized void mark(long nowMillis, long n) {
        long s = nowMillis / 1000;
        int i = (int) (s % counts.length);
        if (seconds[i] != s) {
            seconds[i] = s;
            counts[i] = 0;
        }
        counts[i] += n;
    }

    synchronized double perSecond(long nowMillis) {
        long s = nowMillis / 1000;
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (s - seconds[i] < counts.length) {
                total += counts[i];
            }
        }
        return (double) total / counts.length;
    }
}
