package io.switchboard.systemtests;

/** Where a client's events come from: called once per seq, with consecutive seqs from 1. */
@FunctionalInterface
public interface EventStream {

    /** The canonical JSON line of the event with this seq, or null when the stream has ended. */
    String next(long seq);
}
