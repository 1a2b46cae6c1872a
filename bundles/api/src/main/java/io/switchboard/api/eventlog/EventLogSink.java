package io.switchboard.api.eventlog;

import io.switchboard.api.event.CanonicalEvent;
import java.util.List;

/**
 * An event-logger sink (file, JDBC, JMS). The bus feeds each registered sink on its own route from
 * the journal, keeping the sink's durable position per source itself, so a sink holds no position
 * of its own and a slow or failed sink never holds up ingestion or another sink.
 *
 * <p>Delivery is at least once: after a restart or reinstall the bus replays from the last position
 * it recorded, so {@link #write} must be idempotent by ({@code source}, {@code seq}).
 */
public interface EventLogSink {

    /** Stable name; the bus keys the sink's durable positions by it, so a reinstall resumes. */
    String name();

    /** Where a sink the bus has never seen starts reading the journal. */
    default StartPosition startPosition() {
        return StartPosition.OLDEST;
    }

    /**
     * Writes a batch of one source's events in seq order. Returning normally means the batch is
     * durable in the sink's store; throwing means the bus retries the same batch later.
     */
    void write(List<CanonicalEvent> batch) throws Exception;
}
