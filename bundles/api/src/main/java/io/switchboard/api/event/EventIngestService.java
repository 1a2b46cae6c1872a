package io.switchboard.api.event;

import java.util.List;

/**
 * The public path into Switchboard: every transport (HTTP, TCP, queue_log, the simulator) hands
 * its events to this service, which validates, de-duplicates by (source, seq) and applies them.
 * Calls return once the accepted events are applied.
 */
public interface EventIngestService {

    /** A batch of NDJSON lines, one canonical event each; blank lines are skipped. */
    IngestResult ingestLines(List<String> lines);

    /**
     * Lines from a connection bound to one source (TCP after its hello): an event naming another
     * source is rejected.
     */
    IngestResult ingestLines(List<String> lines, String requiredSource);

    /** Events already in canonical form, checked like parsed lines. */
    IngestResult ingest(List<CanonicalEvent> events);

    /** The last (source, seq) accepted for the source, 0 if none. */
    long lastSeq(String source);

    List<SourceStats> sources();

    long acceptedTotal();

    long rejectedTotal();

    long duplicatesTotal();
}
