package io.switchboard.ixn.node.internal.management;

/**
 * The InteractionNode MBean with its test hook, registered instead of the plain {@link NodeMBean}
 * only when the system property {@code switchboard.testHooks} is {@code true} (integration tests set
 * it; a production node never does, so there is no {@code kill} operation to invoke).
 */
public interface NodeTestHooksMBean extends NodeMBean {
    /** Stops this instance as if its process died (the lease is not given back). */
    void kill();

    /**
     * The next write waits this long inside its transaction, after its statements and before its
     * commit, holding its locks: a test pauses the process (SIGSTOP) while {@link #isWriteHeld}.
     */
    void holdNextWrite(long millis);

    boolean isWriteHeld();

    /** How the last held write ended: empty (none yet), "committed", or "failed: " and why. */
    String getHeldWriteOutcome();
}
