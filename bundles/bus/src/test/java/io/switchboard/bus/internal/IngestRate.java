package io.switchboard.bus.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventSink;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.bus.internal.journal.Journal;
import io.switchboard.bus.json.EventJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The bus's real ingest path (parse, durable journal commit, apply) measured with and without an
 * event-logger sink fed from the same journal: what a sink costs ingestion on this machine.
 * In the bus's package to reach its pipeline; a benchmark, not a test of behaviour.
 */
public final class IngestRate {

    private IngestRate() {
    }

    /** {ingest events/s, sink catch-up events/s (0 without a sink)}. */
    public static double[] measure(Path dir, List<CanonicalEvent> events, int batch, EventLogSink sink,
            LongSupplier sinkHolds) throws InterruptedException {
        Journal journal = new Journal(dir.resolve("journal"), 64L << 20, true);
        Map<String, Long> seqs = new HashMap<>();
        SourceRegistry.SeqStore store = new SourceRegistry.SeqStore() {
            @Override
            public long get(String source) {
                return seqs.getOrDefault(source, 0L);
            }

            @Override
            public void put(String source, long seq) {
                seqs.put(source, seq);
            }
        };
        EventSink engine = applied -> { };
        IngestPipeline pipeline = new IngestPipeline(new EventParser(new ObjectMapper()), new SourceRegistry(store),
                () -> List.of(engine), () -> null, journal);
        pipeline.start(1 << 20, 1000, 100_000);
        SinkDispatcher dispatcher = sink == null ? null
                : new SinkDispatcher(sink, journal, l -> new EventParser(new ObjectMapper()).parse(l).event(),
                        dir.resolve("positions")).start();
        List<String> lines = new ArrayList<>(events.size());
        for (CanonicalEvent e : events) {
            lines.add(EventJson.line(e));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < lines.size(); i += batch) {
            pipeline.apply(pipeline.parse(lines.subList(i, Math.min(lines.size(), i + batch))), true);
        }
        long ingested = System.nanoTime();
        double sinkRate = 0;
        if (dispatcher != null) {
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (sinkHolds.getAsLong() < events.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            sinkRate = events.size() / ((System.nanoTime() - t0) / 1e9);
            dispatcher.close();
        }
        pipeline.stop();
        journal.close();
        return new double[] {events.size() / ((ingested - t0) / 1e9), sinkRate};
    }
}
