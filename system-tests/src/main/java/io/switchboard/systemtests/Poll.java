package io.switchboard.systemtests;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waiting for a condition on a process we do not control: poll it, with a deadline. */
public final class Poll {

    private Poll() {
    }

    /**
     * Calls {@code condition} every {@code every} until it answers true; an exception from it
     * ends the wait at once (it means the condition can no longer come true).
     */
    public static void until(String what, Duration timeout, Duration every, Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(every.toMillis());
        }
    }

    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        until(what, timeout, Duration.ofMillis(100), condition);
    }

    /**
     * Reads until two consecutive reads, {@code every} apart, are equal, and returns that value.
     * Acks mean durable, not applied (the engine applies behind the journal), and the API has no
     * "applied up to" signal: a value that stopped moving is the applied one.
     */
    public static <T> T settled(String what, Duration timeout, Duration every, Callable<T> read) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T previous = read.call();
        while (true) {
            Thread.sleep(every.toMillis());
            T now = read.call();
            if (now.equals(previous)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " to settle");
            }
            previous = now;
        }
    }
}
