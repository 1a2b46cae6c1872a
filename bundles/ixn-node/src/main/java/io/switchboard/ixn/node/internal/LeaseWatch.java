package io.switchboard.ixn.node.internal;

/**
 * Decides a lease round of one instance of a pair from the lease row as read now and what this
 * instance saw of the row before. The row's stamp grows with every renewal; a partner takes the
 * lease only once it has watched one stamp stay unchanged for the whole lease on its own
 * monotonic clock (or the lease was given back). No wall clock takes part, so clocks that differ
 * between the pair's processes cannot make one take a lease the other is renewing: a primary
 * resumed after a long pause sees its backup's stamp move and keeps waiting.
 */
final class LeaseWatch {

    enum Kind {
        /** The row names this instance: renew it. */
        RENEW,
        /** Take it over from the holder and stamp read (compare-and-set on both). */
        TAKE,
        /** Someone else renews (or has not been watched long enough yet). */
        WAIT
    }

    record Decision(Kind kind, String holder, long stamp) {
    }

    private final String self;
    private final long leaseNanos;
    private String watchedHolder;
    private long watchedStamp;
    private long watchedSince;
    private boolean watching;

    LeaseWatch(String self, long leaseMillis) {
        this.self = self;
        this.leaseNanos = leaseMillis * 1_000_000L;
    }

    /**
     * @param holder the row's holder, null when given back or never taken
     * @param stamp the row's stamp
     * @param nowNanos this process's monotonic time ({@link System#nanoTime()})
     */
    Decision decide(String holder, long stamp, long nowNanos) {
        if (self.equals(holder)) {
            watching = false;
            return new Decision(Kind.RENEW, holder, stamp);
        }
        if (holder == null) {
            watching = false;
            return new Decision(Kind.TAKE, null, stamp);
        }
        if (!watching || !holder.equals(watchedHolder) || stamp != watchedStamp) {
            watching = true;
            watchedHolder = holder;
            watchedStamp = stamp;
            watchedSince = nowNanos;
            return new Decision(Kind.WAIT, holder, stamp);
        }
        if (nowNanos - watchedSince >= leaseNanos) {
            return new Decision(Kind.TAKE, holder, stamp);
        }
        return new Decision(Kind.WAIT, holder, stamp);
    }

    /** Forgets what was watched (the connection was lost: a new one watches afresh). */
    void forget() {
        watching = false;
    }

    /**
     * The stamp a renewal or a take writes: the holder's clock plus the lease (so that the row
     * shows roughly until when), but always above the stamp before, even from a clock behind the
     * previous holder's: the stamp is the lease's generation as well.
     */
    static long nextStamp(long current, long clockMillis, long leaseMillis) {
        return Math.max(current + 1, clockMillis + leaseMillis);
    }
}
