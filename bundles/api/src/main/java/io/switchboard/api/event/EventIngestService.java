package io.switchboard.api.event;

import java.util.List;

/**
 * The public path into Switchboard: every transport (HTTP, TCP, queue_log, the simulator) hands
 * its events to this service, which validates, de-duplicates by (source, seq), makes them durable
 * and applies them. Calls return once the accepted events are applied, except
 * {@link #ingestDurable}, which returns as soon as they are durable.
 */
public interface EventIngestService {

    /** A batch of NDJSON lines, one canonical event each; blank lines are skipped. */
    IngestResult ingestLines(List<String> lines);

    /**
     * Lines from a connection bound to one source (TCP after its hello): an event naming another
     * source is rejected.
     */
    IngestResult ingestLines(List<String> lines, String requiredSource);

    /**
     * Like {@link #ingestLines(List, String)}, but answers once the accepted events are durable
     * (journaled), before the engine has applied them: what a streaming source needs for its
     * acks, without waiting for the engine.
     */
    IngestResult ingestDurable(List<String> lines, String requiredSource);

    /** Events already in canonical form, checked like parsed lines. */
    IngestResult ingest(List<CanonicalEvent> events);

    /** The last (source, seq) durably accepted for the source, 0 if none. */
    long lastSeq(String source);

    List<SourceStats> sources();

    long acceptedTotal();

    long rejectedTotal();

    long duplicatesTotal();
}
