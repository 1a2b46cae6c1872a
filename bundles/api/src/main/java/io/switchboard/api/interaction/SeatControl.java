package io.switchboard.api.interaction;

import java.util.Set;

/**
 * Extension point for agent seat licensing: a node asks the registered service (if any) before an
 * agent logs in on it and tells it when the agent logs out. No service means no seat limit.
 */
public interface SeatControl {

    /** True when the agent may take a seat on this node for these media types. */
    boolean acquire(String node, String tenant, String agent, Set<String> media);

    void release(String node, String tenant, String agent);
}
