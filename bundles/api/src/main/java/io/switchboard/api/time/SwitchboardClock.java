package io.switchboard.api.time;

/**
 * The engine's notion of now: the wall clock, or with {@code clock = event} the largest event
 * timestamp seen so far, so that a replay gives the values a live day gave.
 */
public interface SwitchboardClock {

    /** Epoch milliseconds. */
    long now();

    /** Tells the clock an event's timestamp; the event clock moves forward only. */
    void observe(long eventTs);
}
