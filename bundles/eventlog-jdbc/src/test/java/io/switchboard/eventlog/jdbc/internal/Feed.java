package io.switchboard.eventlog.jdbc.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.EventParser;
import io.switchboard.bus.internal.SinkDispatcher;
import io.switchboard.bus.internal.journal.Journal;
import io.switchboard.bus.json.EventJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** The bus's parts a sink meets, real: a journal on disk and the dispatcher that feeds the sink from it. */
final class Feed {

    private static final EventParser PARSER = new EventParser(new ObjectMapper());
    static final Function<String, CanonicalEvent> LINES = l -> PARSER.parse(l).event();

    private Feed() {
    }

    /** What ingestion does: durable commits of one source's consecutive events, in arrival order. */
    static void ingest(Journal journal, List<CanonicalEvent> arrival, int maxBatch) {
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

    static SinkDispatcher feed(Journal journal, Path positions, String name, StartPosition start, Writer writer) {
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

    interface Writer {
        void write(List<CanonicalEvent> batch) throws Exception;
    }

    static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}
