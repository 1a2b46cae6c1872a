package io.switchboard.api.event;

/** Asterisk queue_log lines in, as canonical events (API.md "Events in", queue_log). */
public interface QueueLogIngestService {

    /**
     * Maps and ingests a body of queue_log lines for one tenant and source. {@code firstLine} is
     * the line number of the body's first line in its log (1 for a whole file): the line number
     * makes the events' seq, so a log posted in pieces keeps counting. Rejected lines are
     * reported by line number.
     */
    IngestResult ingest(String tenant, String source, long firstLine, String body);
}
