package io.switchboard.api.cluster;

/**
 * The cluster's one clock: the same instant reads (nearly) the same on every member, whatever the
 * hosts' clocks say, so that times stamped on different processes (interactions submitted to
 * nodes in several processes) order globally. It follows the grid's master (its oldest member),
 * whose time every member learns from the master's heartbeats; its error is the heartbeat's
 * transit time. A member cut off from the others follows its own clock until it merges back.
 */
public interface ClusterClock {

    /**
     * System property: milliseconds this process's clock is off (a test makes one process of a
     * cluster run behind or ahead, as a host with a wrong clock would, without touching the host's).
     */
    String OFFSET_PROPERTY = "switchboard.clock.offsetMillis";

    /** Milliseconds since the epoch on the cluster's clock. */
    long now();

    /** This process's own clock: the host's, skewed by {@value #OFFSET_PROPERTY}. */
    static long processTime() {
        return System.currentTimeMillis() + offsetMillis(System.getProperty(OFFSET_PROPERTY));
    }

    /** An offset as {@value #OFFSET_PROPERTY} gives it; 0 when unset, blank or not a number. */
    static long offsetMillis(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
