package io.switchboard.eventlog.jdbc.internal;

import java.util.function.BooleanSupplier;

/** Waiting for what the sink's dispatcher writes (the journal and dispatcher: the bus's JournalFeed). */
final class Feed {

    private Feed() {
    }

    static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}
