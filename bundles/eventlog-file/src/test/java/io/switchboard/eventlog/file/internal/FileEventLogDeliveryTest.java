package io.switchboard.eventlog.file.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.EventParser;
import io.switchboard.bus.internal.SinkDispatcher;
import io.switchboard.bus.internal.journal.Journal;
import io.switchboard.bus.json.EventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The bus's sink dispatcher over a real journal feeding the file event logger writing real files. */
public class FileEventLogDeliveryTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventParser parser = new EventParser(JSON);
    private final Function<String, CanonicalEvent> lines = l -> parser.parse(l).event();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Path journalDir;
    private Path positions;
    private Path logDir;
    private Journal journal;

    @Before
    public void setUp() throws Exception {
        journalDir = tmp.newFolder("journal").toPath();
        positions = tmp.newFolder("positions").toPath();
        logDir = tmp.getRoot().toPath().resolve("eventlog");
        journal = new Journal(journalDir, 4096, true);
    }

    @After
    public void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        journal.close();
    }

    private static CanonicalEvent event(String source, long seq) {
        return CanonicalEvent.builder(EventType.AgentLogin).ts(1_772_442_000_000L + seq).source(source).seq(seq)
                .tenant("t").agent("a" + seq).dn("d" + seq).build();
    }

    /** What ingestion does: a durable commit of one source's events to the journal. */
    private void ingest(String source, long from, long to) {
        List<String> batch = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            batch.add(EventJson.line(event(source, s)));
        }
        journal.append(batch, Map.of(source, to));
    }

    private FileEventLog log() throws Exception {
        FileEventLog log = new FileEventLog(logDir, 1 << 20, Duration.ofDays(1), 100, Clock.systemUTC());
        open.add(log);
        return log;
    }

    private SinkDispatcher feed(EventLogSink sink) {
        SinkDispatcher d = new SinkDispatcher(sink, journal, lines, positions).start();
        open.add(d);
        return d;
    }

    private static EventLogSink sink(FileEventLog log) {
        return new EventLogSink() {
            @Override
            public String name() {
                return "file";
            }

            @Override
            public void write(List<CanonicalEvent> batch) throws Exception {
                log.write(batch);
            }
        };
    }

    /** The file sink itself, as its startFrom setting makes it. */
    private static EventLogSink sink(FileEventLog log, String startFrom) {
        return FileEventLogSink.over(log, startFrom);
    }

    @Test
    public void aSinkSetToStartFromNowSkipsWhatTheJournalHeldWhenItCameAndThenMissesNothing() throws Exception {
        ingest("s1", 1, 30);
        feed(sink(log(), "now"));
        ingest("s1", 31, 50);
        ingest("s2", 1, 10);
        await(() -> {
            try {
                return logged().size() == 30;
            } catch (Exception e) {
                return false;
            }
        });
        Map<String, Integer> l = logged();
        for (long s = 1; s <= 30; s++) {
            assertEquals("s1/" + s + " was there before the sink", null, l.get("s1/" + s));
        }
        for (long s = 31; s <= 50; s++) {
            assertEquals(Integer.valueOf(1), l.get("s1/" + s));
        }
        assertEquals(Integer.valueOf(1), l.get("s2/10"));
        try {
            FileEventLogSink.startPosition("yesterday");
            org.junit.Assert.fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("startFrom:"));
        }
    }

    /** (source, seq) to how many times the log files hold it. */
    private Map<String, Integer> logged() throws Exception {
        Map<String, Integer> n = new HashMap<>();
        if (!Files.isDirectory(logDir)) {
            return n;
        }
        try (var files = Files.list(logDir)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode j = JSON.readTree(line);
                    n.merge(j.get("source").asText() + "/" + j.get("seq").asLong(), 1, Integer::sum);
                }
            }
        }
        return n;
    }

    private void assertEachOnce(Map<String, Long> upTo) throws Exception {
        await(() -> {
            try {
                Map<String, Integer> l = logged();
                return l.size() == upTo.values().stream().mapToLong(Long::longValue).sum();
            } catch (Exception e) {
                return false;
            }
        });
        Map<String, Integer> l = logged();
        upTo.forEach((source, last) -> {
            for (long s = 1; s <= last; s++) {
                assertEquals(source + "/" + s + " in the log files", Integer.valueOf(1), l.get(source + "/" + s));
            }
        });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue("condition not met within 20 s", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    @Test
    public void everyJournaledEventReachesTheFileOnceInSourceOrder() throws Exception {
        ingest("s1", 1, 50);
        feed(sink(log()));
        ingest("s2", 1, 30);
        ingest("s1", 51, 120);
        assertEachOnce(Map.of("s1", 120L, "s2", 30L));
        // several journal segments (4 KB each) were read across
        assertTrue(Files.list(journalDir).count() > 2);
        long previous = 0;
        for (String line : Files.readAllLines(log().files().get(0))) {
            JsonNode j = JSON.readTree(line);
            if (j.get("source").asText().equals("s1")) {
                assertTrue("s1 in seq order", j.get("seq").asLong() > previous);
                previous = j.get("seq").asLong();
            }
        }
    }

    @Test
    public void aRestartWithoutTheFlushedPositionRedeliversAndTheFileStillHoldsEachOnce() throws Exception {
        ingest("s1", 1, 40);
        SinkDispatcher d = feed(sink(log()));
        assertEachOnce(Map.of("s1", 40L));
        d.close();
        open.get(0).close();
        journal.close();
        // a crash before the position file was written: everything comes again
        try (var files = Files.list(positions)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        journal = new Journal(journalDir, 4096, true);
        AtomicInteger offered = new AtomicInteger();
        FileEventLog log = log();
        feed(new EventLogSink() {
            @Override
            public String name() {
                return "file";
            }

            @Override
            public void write(List<CanonicalEvent> batch) throws Exception {
                offered.addAndGet(batch.size());
                log.write(batch);
            }
        });
        ingest("s1", 41, 60);
        assertEachOnce(Map.of("s1", 60L));
        assertEquals("the journal was delivered again", 60, offered.get());
    }

    @Test
    public void aSinkRemovedAndAddedAgainResumesWhereItWas() throws Exception {
        ingest("s1", 1, 20);
        SinkDispatcher d = feed(sink(log()));
        assertEachOnce(Map.of("s1", 20L));
        d.close();
        ingest("s1", 21, 45);
        ingest("s2", 1, 5);
        feed(sink(log()));
        assertEachOnce(Map.of("s1", 45L, "s2", 5L));
    }

    @Test
    public void aFailingSinkHoldsUpNeitherIngestionNorAnotherSink() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        feed(new EventLogSink() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void write(List<CanonicalEvent> batch) {
                attempts.incrementAndGet();
                throw new IllegalStateException("down");
            }
        });
        feed(sink(log()));
        ingest("s1", 1, 100);
        ingest("s1", 101, 200);
        assertEachOnce(Map.of("s1", 200L));
        await(() -> attempts.get() >= 2);
    }

    @Test
    public void aNewSinkStartingNowSkipsWhatWasJournaledBefore() throws Exception {
        ingest("s1", 1, 10);
        FileEventLog log = log();
        feed(new EventLogSink() {
            @Override
            public String name() {
                return "file";
            }

            @Override
            public io.switchboard.api.eventlog.StartPosition startPosition() {
                return io.switchboard.api.eventlog.StartPosition.NOW;
            }

            @Override
            public void write(List<CanonicalEvent> batch) throws Exception {
                log.write(batch);
            }
        });
        ingest("s1", 11, 15);
        await(() -> {
            try {
                return logged().size() == 5;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(null, logged().get("s1/10"));
    }

    @Test
    public void filesRotateBySizeAndDateAndOnlyTheNewestAreKept() throws Exception {
        Instant[] now = {Instant.parse("2026-12-03T23:59:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        FileEventLog log = new FileEventLog(logDir, 1000, Duration.ofHours(1), 3, clock);
        open.add(log);
        for (int i = 1; i <= 10; i++) {
            log.write(List.of(event("s1", i)));
        }
        now[0] = Instant.parse("2026-12-04T00:00:01Z");
        log.write(List.of(event("s1", 11)));
        List<String> names = log.files().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(3, names.size());
        assertEquals("events-2026-12-04-1.jsonl", names.get(2));
        assertTrue(names.get(0), names.get(0).startsWith("events-2026-12-03-"));
        now[0] = Instant.parse("2026-12-04T01:00:02Z");
        log.write(List.of(event("s1", 12)));
        assertEquals("events-2026-12-04-2.jsonl", log.files().get(2).getFileName().toString());
        log.close();
        // reopened: what it holds is skipped
        FileEventLog again = new FileEventLog(logDir, 1000, Duration.ofHours(1), 3, clock);
        open.add(again);
        again.write(List.of(event("s1", 12), event("s1", 13)));
        assertEquals(1, logged().get("s1/13").intValue());
        assertEquals(1, logged().get("s1/12").intValue());
    }

    @Test
    public void journalTruncationKeepsWhatAFailingSinkHasNotWritten() throws Exception {
        feed(new EventLogSink() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void write(List<CanonicalEvent> batch) {
                throw new IllegalStateException("down");
            }
        });
        SinkDispatcher file = feed(sink(log()));
        for (int i = 0; i < 10; i++) {
            ingest("s1", i * 20 + 1, i * 20 + 20);
        }
        assertEachOnce(Map.of("s1", 200L));
        long segments = Files.list(journalDir).filter(p -> p.toString().endsWith(".ndjson")).count();
        Map<String, Long> engineHolds = Map.of("s1", 200L);
        List<SinkDispatcher> all = List.copyOf(open.stream().filter(SinkDispatcher.class::isInstance)
                .map(SinkDispatcher.class::cast).toList());
        int needed = all.stream().mapToInt(SinkDispatcher::neededSegment).min().getAsInt();
        assertEquals(0, journal.truncate(engineHolds, needed, lines));
        assertEquals(segments, Files.list(journalDir).filter(p -> p.toString().endsWith(".ndjson")).count());
        assertTrue(journal.truncate(engineHolds, file.neededSegment(), lines) > 0);
    }
}
