package io.switchboard.eventlog.jms.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventRules;
import io.switchboard.api.event.EventType;
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
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/** The bus's parts the JMS sink meets, real: a journal on disk, the dispatcher, a Camel context. */
final class Feed {

    private static final EventParser PARSER = new EventParser(new ObjectMapper());

    private Feed() {
    }

    /**
     * {@code perSource} events of calls queued, answered and released on each of {@code sources}
     * sources, interleaved. Every one passes the bus's rules: the dispatcher drops a journal line its
     * parser refuses, so an invalid test event (a CallEstablished without its dn) would never reach
     * the sink and look like a lost message.
     */
    static List<CanonicalEvent> run(int sources, int perSource) {
        List<CanonicalEvent> all = new ArrayList<>();
        EventType[] cycle = {EventType.CallQueued, EventType.CallEstablished, EventType.CallReleased};
        for (int i = 0; i < perSource; i++) {
            for (int s = 1; s <= sources; s++) {
                CanonicalEvent.Builder b = CanonicalEvent.builder(cycle[i % 3]).ts(1_772_442_000_000L + i)
                        .source("node" + s).seq(i + 1).tenant("t").call("c" + s + "-" + i / 3).queue("q1");
                if (i % 3 != 0) {
                    b.dn("d" + s).agent("a" + s);
                }
                CanonicalEvent e = b.build();
                String error = EventRules.check(e);
                if (error != null) {
                    throw new IllegalStateException("generated an event the bus refuses: " + error);
                }
                all.add(e);
            }
        }
        return all;
    }

    /** Durable commits of one source's consecutive events, as ingestion makes them. */
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

    static CamelContext camel() {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        return camel;
    }

    static SinkDispatcher feed(Journal journal, Path positions, StartPosition start, Writer writer) {
        return new SinkDispatcher(new EventLogSink() {
            @Override
            public String name() {
                return "jms";
            }

            @Override
            public StartPosition startPosition() {
                return start;
            }

            @Override
            public void write(List<CanonicalEvent> batch) throws Exception {
                writer.write(batch);
            }
        }, journal, l -> PARSER.parse(l).event(), positions).start();
    }

    interface Writer {
        void write(List<CanonicalEvent> batch) throws Exception;
    }
}
