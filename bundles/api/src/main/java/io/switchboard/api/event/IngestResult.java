package io.switchboard.api.event;

import java.util.List;

/**
 * The answer to a batch of events: how many were accepted (durable and applied), how many were
 * already known by (source, seq), and which lines were rejected and why.
 */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {

    public IngestResult {
        rejected = List.copyOf(rejected);
    }

    /**
     * One rejected line: its 1-based position in the batch, the reason, and its {@code seq} when
     * the line had a readable one (else null).
     */
    public record Rejection(int line, String error, Long seq) {
        public Rejection(int line, String error) {
            this(line, error, null);
        }
    }
}
