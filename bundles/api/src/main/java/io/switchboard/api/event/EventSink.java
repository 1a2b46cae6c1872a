package io.switchboard.api.event;

import java.util.List;

/**
 * Receives every accepted event, in seq order per source. The statistics engine is one; event
 * logs and capture points are others.
 */
public interface EventSink {

    void accept(List<CanonicalEvent> events);
}
