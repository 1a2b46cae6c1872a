package io.switchboard.bus.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.IngestResult;
import java.util.ArrayList;
import java.util.List;

/** One batch on its way through the ingest route. */
final class Batch {

    /** Events that parsed and passed the rules, with their line numbers. */
    final List<CanonicalEvent> valid = new ArrayList<>();
    final List<Integer> validLines = new ArrayList<>();
    /** The line each valid event came as, journaled as it is; null for events given as objects. */
    final List<String> raw = new ArrayList<>();
    final List<IngestResult.Rejection> rejected = new ArrayList<>();
    /** Events not seen before, in order: what the sinks get. */
    final List<CanonicalEvent> accepted = new ArrayList<>();
    int duplicates;

    IngestResult result() {
        rejected.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new IngestResult(accepted.size(), duplicates, rejected);
    }
}
