package io.switchboard.bus.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.journal.Journal;
import io.switchboard.bus.json.EventJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The bus's parts an event-logger sink meets, real, for the sinks' tests (this module's test jar):
 * a journal written as ingestion writes it, and the dispatcher that feeds the sink from it.
 */
public final class JournalFeed {

    private static final EventParser PARSER = new EventParser(new ObjectMapper());
    /** A journal line to its event, as the bus reads it (null for a line its rules refuse). */
    public static final Function<String, CanonicalEvent> LINES = l -> PARSER.parse(l).event();

    private JournalFeed() {
    }

    /** What ingestion does: durable commits of one source's consecutive events, in arrival order. */
    public static void ingest(Journal journal, List<CanonicalEvent> arrival, int maxBatch) {
        List<String> lines = new ArrayList<>();
        String source = null;
        long last = 0;
        for (CanonicalEvent e : arrival) {
            if (!e.source().equals(source) || lines.size() == maxBatch) {
                if (!lines.isEmpty()) {
                    journal.append(lines, Map.of(source, last));
                }
                lines = new ArrayList<>();
                source = e.source();
            }
            lines.add(EventJson.line(e));
            last = e.seq();
        }
        if (!lines.isEmpty()) {
            journal.append(lines, Map.of(source, last));
        }
    }

    /** A sink named {@code name} that writes with {@code writer}, fed by a started dispatcher. */
    public static SinkDispatcher feed(Journal journal, Path positions, String name, StartPosition start,
            Writer writer) {
        return new SinkDispatcher(new EventLogSink() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public StartPosition startPosition() {
                return start;
            }

            @Override
            public void write(List<CanonicalEvent> batch) throws Exception {
                writer.write(batch);
            }
        }, journal, LINES, positions).start();
    }

    /** What the sink does with a batch. */
    public interface Writer {
        void write(List<CanonicalEvent> batch) throws Exception;
    }
}
