package io.switchboard.grid.internal;

import io.switchboard.api.cluster.ClusterClock;

/**
 * Skews the grid's own clock as {@value ClusterClock#OFFSET_PROPERTY} skews this process's, as a
 * wrong host clock would skew both: the cluster clock must then correct it.
 */
final class ProcessClock {

    /** Hazelcast's own clock offset (its {@code ClockProperties}). */
    static final String GRID_OFFSET = "com.hazelcast.clock.offset";

    private ProcessClock() {
    }

    /** Gives the grid the process's skew unless it has one of its own; before the grid's first start. */
    static void skewGrid() {
        long offset = ClusterClock.offsetMillis(System.getProperty(ClusterClock.OFFSET_PROPERTY));
        if (offset != 0 && System.getProperty(GRID_OFFSET) == null) {
            System.setProperty(GRID_OFFSET, Long.toString(offset));
        }
    }
}
