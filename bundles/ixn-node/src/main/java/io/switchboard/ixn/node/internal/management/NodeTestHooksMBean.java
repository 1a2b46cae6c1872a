package io.switchboard.ixn.node.internal.management;

/**
 * The InteractionNode MBean with its test hook, registered instead of the plain {@link NodeMBean}
 * only when the system property {@code switchboard.testHooks} is {@code true} (integration tests set
 * it; a production node never does, so there is no {@code kill} operation to invoke).
 */
public interface NodeTestHooksMBean extends NodeMBean {
    /** Stops this instance as if its process died (the lease is not given back). */
    void kill();
}
