package io.switchboard.bus.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventSink;
import io.switchboard.api.event.EventType;
import io.switchboard.api.event.IngestResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzes the NDJSON event line (TCP and HTTP ingest both go through EventParser): every line is
 * an event or an error, never an exception, and a rejected line changes neither the sinks nor
 * the sources' positions.
 */
public class EventParserPropertyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final EventParser parser = new EventParser(MAPPER);

    @Property
    void everyLineIsAnEventOrAnErrorNeverAnException(@ForAll("lines") String line) {
        EventParser.Parsed p = parser.parse(line);
        if ((p.event() == null) == (p.error() == null)) {
            throw new AssertionError(line + " gave " + p);
        }
        if (p.event() != null && io.switchboard.api.event.EventRules.check(p.event()) != null) {
            throw new AssertionError(line + " accepted against the rules");
        }
    }

    @Property(tries = 150)
    void aRejectedLineChangesNothing(@ForAll("lines") String line) {
        Map<String, Long> seqs = new HashMap<>();
        List<CanonicalEvent> applied = new ArrayList<>();
        IngestPipeline pipeline = new IngestPipeline(parser, new SourceRegistry(new SourceRegistry.SeqStore() {
            @Override
            public long get(String source) {
                return seqs.getOrDefault(source, 0L);
            }

            @Override
            public void put(String source, long seq) {
                seqs.put(source, seq);
            }
        }), () -> List.<EventSink>of(applied::addAll), IngestPipelineTest.MapConfig::new);
        pipeline.start(1 << 20, 1000, 10_000);
        try {
            Batch b = pipeline.parse(List.of(line));
            pipeline.apply(b, true);
            IngestResult r = b.result();
            if (r.rejected().isEmpty()) {
                return;
            }
            if (!applied.isEmpty() || !seqs.isEmpty() || r.accepted() != 0) {
                throw new AssertionError(line + " was rejected but applied " + applied + ", moved " + seqs);
            }
        } finally {
            pipeline.stop();
        }
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> types = Arbitraries.of(EventType.values()).map(t -> "\"" + t.name() + "\"");
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of("\"s\"", "\"t\"", "\"a1\"", "\"5001\"", "\"c1\"",
                "\"q\"", "\"voice\"", "\"chat\"", "\"inbound\"", "\"AfterCallWork\"", "\"\"", "null", "1", "[]", "{}",
                "\"x\\u0000\"", "\"2026-03-02T09:00:00Z\"", "\"+10000-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"",
                "\"2026-02-30T00:00:00Z\"", "\"2026-03-02T09:00:00.5Z\"", "\"-999999999-01-01T00:00:00Z\"",
                "\"+1000000000-01-01T00:00:00Z\"", "0", "-1", "9223372036854775807", "9223372036854775808",
                "1.5", "1e400", "{\"k\":\"v\"}", "{\"k\":null}", "{\"\":\"v\"}"),
                Arbitraries.strings().ofMaxLength(12).map(EventParserPropertyTest::quote),
                Arbitraries.strings().withChars('x').ofMinLength(60).ofMaxLength(5000)
                        .map(EventParserPropertyTest::quote),
                Arbitraries.longs().map(String::valueOf), types);
        Arbitrary<String> name = Arbitraries.of("type", "ts", "seq", "source", "tenant", "media", "agent", "place",
                "dn", "call", "queue", "direction", "reason", "workMode", "data", "extra");
        Arbitrary<String> object = Arbitraries.maps(name, text).ofMaxSize(12).map(m -> {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return b.append('}').toString();
        });
        // mostly near-valid events: a valid base with fields overwritten at random
        Arbitrary<String> nearValid = Arbitraries.maps(name, text).ofMaxSize(3).flatMap(m -> types.map(t -> {
            Map<String, String> f = new java.util.LinkedHashMap<>(Map.of("type", t, "ts", "\"2026-03-02T09:00:00Z\"",
                    "seq", "1", "source", "\"s\"", "tenant", "\"t\"", "agent", "\"a1\"", "dn", "\"5001\"", "call",
                    "\"c1\"", "queue", "\"q\""));
            f.putAll(m);
            StringBuilder b = new StringBuilder("{");
            f.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return b.append('}').toString();
        }));
        return Arbitraries.frequencyOf(Tuple.of(5, nearValid), Tuple.of(3, object),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.of("", "null", "[]", "{", "{\"type\":", "\"x\"", "{}{}", "{} x")));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
