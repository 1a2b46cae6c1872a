package io.switchboard.api.event;

/** What the bus knows of one event source. */
public record SourceStats(String source, long lastSeq, long accepted, long duplicates, long rejected,
        long lastEventAt) {
}
