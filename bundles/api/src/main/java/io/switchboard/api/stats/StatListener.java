package io.switchboard.api.stats;

import io.switchboard.api.model.StatValue;

/** Receives a subscription's notifications, one at a time, on the engine's notifier thread: return quickly. */
@FunctionalInterface
public interface StatListener {

    void onValue(String ref, StatValue value);
}
