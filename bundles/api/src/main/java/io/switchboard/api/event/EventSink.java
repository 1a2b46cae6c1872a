package io.switchboard.api.event;

import java.util.List;

/**
 * Receives every accepted event, in seq order per source. The statistics engine is one; event
 * logs and capture points are others.
 */
public interface EventSink {

    void accept(List<CanonicalEvent> events);

    /**
     * Per source, the last seq whose effect this sink has kept through a restart (in its
     * snapshot): the journal is replayed to it from there on, and segments wholly before it may
     * be dropped. Empty: everything journaled is replayed, nothing is dropped.
     */
    default java.util.Map<String, Long> snapshotPositions() {
        return java.util.Map.of();
    }
}
