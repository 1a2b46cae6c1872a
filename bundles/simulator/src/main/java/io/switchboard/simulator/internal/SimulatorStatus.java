package io.switchboard.simulator.internal;

/** What the configured simulator is doing (a service inside this bundle only). */
public interface SimulatorStatus {

    /** Why it sends nothing, or null while it runs. */
    String idleReason();

    /** Events handed to the bus since the component (re)started. */
    long eventsSent();
}
