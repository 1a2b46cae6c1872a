package io.switchboard.bus.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Each event-logger sink on a dispatcher and a position of its own: a sink stuck in a write holds
 * up neither ingestion nor another sink, and once uninstalled writes no position over its next
 * incarnation's; two sinks of one name never share a position; an uninstalled sink's position
 * keeps the journal it has not read, and a sink starting now keeps none of what came before it.
 */
public class SinkDispatchersTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Journal journal;
    private SinkDispatchers sinks;
    private Path positions;

    @Before
    public void setUp() {
        Path root = tmp.getRoot().toPath();
        // small segments, so truncation has some to drop
        journal = new Journal(root.resolve("journal"), 16 * 1024, true);
        positions = root.resolve("positions");
        sinks = new SinkDispatchers();
        sinks.open(journal, JournalFeed.LINES, positions);
    }

    @After
    public void tearDown() {
        sinks.close();
        journal.close();
    }

    private static List<CanonicalEvent> run(String source, int from, int to) {
        List<CanonicalEvent> run = new ArrayList<>();
        for (int seq = from; seq <= to; seq++) {
            run.add(CanonicalEvent.builder(EventType.CallQueued).ts(1_772_442_000_000L + seq).source(source).seq(seq)
                    .tenant("t").call("c" + seq).queue("q1").build());
        }
        return run;
    }

    /** A sink keeping what it is given, counted per (source, seq). */
    private static final class Store {
        final Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
        final String name;
        final EventLogSink sink;

        Store(String name, StartPosition start) {
            this.name = name;
            this.sink = JournalFeed.sink(name, start, batch -> batch.forEach(e -> got.computeIfAbsent(
                    e.source() + "/" + e.seq(), k -> new AtomicInteger()).incrementAndGet()));
        }

        int size() {
            return got.size();
        }

        void assertEachOnce(List<CanonicalEvent> run) {
            for (CanonicalEvent e : run) {
                AtomicInteger n = got.get(e.source() + "/" + e.seq());
                assertEquals(name + " " + e.source() + "/" + e.seq(), 1, n == null ? 0 : n.get());
            }
        }
    }

    @Test
    public void aSinkStuckInAWriteHoldsUpNeitherIngestionNorAnotherSinkAndWritesNoPositionOnceUninstalled()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stuckCalls = new AtomicInteger();
        EventLogSink stuck = JournalFeed.sink("jms", StartPosition.OLDEST, b -> {
            stuckCalls.incrementAndGet();
            release.await();
        });
        Store other = new Store("file", StartPosition.OLDEST);
        sinks.add(stuck);
        sinks.add(other.sink);
        List<CanonicalEvent> run = run("pbx", 1, 3000);
        // ingestion: every commit returns although one sink has not taken a single batch
        JournalFeed.ingest(journal, run, 100);
        await("the other sink has everything").atMost(30, TimeUnit.SECONDS).until(() -> other.size() == run.size());
        other.assertEachOnce(run);
        assertTrue("the stuck sink is in its first write", stuckCalls.get() == 1);

        // uninstalled while stuck: the close gives up waiting, the stuck write goes on
        sinks.fed().stream().filter(d -> d.name().equals("jms")).findFirst().orElseThrow().closeWait(200);
        sinks.remove(stuck);
        Store again = new Store("jms", StartPosition.OLDEST);
        sinks.add(again.sink);
        await("the reinstalled sink has everything").atMost(30, TimeUnit.SECONDS).until(() -> again.size() == run.size());
        again.assertEachOnce(run);
        Path position = positions.resolve("jms.position");
        await("the position written").atMost(10, TimeUnit.SECONDS).until(() -> Files.readString(position)
                .contains("seq 3000 pbx"));
        String current = Files.readString(position);
        // the old write returns: its dispatcher must not put its own, older, position back
        release.countDown();
        await("the old write's thread done").atMost(10, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces()
                .keySet().stream().filter(t -> t.getName().equals("switchboard-eventlog-jms")).count() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> Files.readString(position).equals(current));
    }

    @Test
    public void aSecondSinkOfANameAlreadyFedWaitsAndGoesOnFromThatPositionOnceTheFirstIsGone() throws Exception {
        Store first = new Store("jdbc", StartPosition.OLDEST);
        Store second = new Store("jdbc", StartPosition.OLDEST);
        sinks.add(first.sink);
        sinks.add(second.sink);
        List<CanonicalEvent> run = run("pbx", 1, 500);
        JournalFeed.ingest(journal, run, 100);
        await("the first has everything").atMost(30, TimeUnit.SECONDS).until(() -> first.size() == run.size());
        assertEquals("one dispatcher for the name", 1, sinks.fed().size());
        assertEquals("the second is not fed from the first's position", 0, second.size());
        sinks.remove(first.sink);
        List<CanonicalEvent> later = run("pbx", 501, 600);
        JournalFeed.ingest(journal, later, 100);
        await("the second has what came after").atMost(30, TimeUnit.SECONDS).until(() -> second.size() == later.size());
        second.assertEachOnce(later);
    }

    private long segments() throws Exception {
        try (Stream<Path> files = Files.list(tmp.getRoot().toPath().resolve("journal"))) {
            return files.filter(p -> p.toString().endsWith(".ndjson")).count();
        }
    }

    @Test
    public void anUninstalledSinksPositionKeepsTheJournalItHasNotReadAndASinkStartingNowKeepsNone() throws Exception {
        List<CanonicalEvent> before = run("pbx", 1, 1000);
        JournalFeed.ingest(journal, before, 50);
        Map<String, Long> engineHolds = Map.of("pbx", 1_000_000L);
        long segments = segments();
        assertTrue("several segments: " + segments, segments > 3);

        // a sink that never managed a write, uninstalled: its position (the start) keeps everything
        EventLogSink failing = JournalFeed.sink("away", StartPosition.OLDEST, b -> {
            throw new IllegalStateException("down");
        });
        sinks.add(failing);
        sinks.remove(failing);
        assertEquals(0, journal.truncate(engineHolds, sinks.neededSegment(Duration.ofHours(1)), JournalFeed.LINES));
        assertEquals(segments, segments());
        // installed again: nothing missed
        Store back = new Store("away", StartPosition.OLDEST);
        sinks.add(back.sink);
        await("back, it has everything").atMost(30, TimeUnit.SECONDS).until(() -> back.size() == before.size());
        back.assertEachOnce(before);
        sinks.remove(back.sink);

        // a sink starting now needs only what comes after it, whatever sources the journal holds
        Store now = new Store("now", StartPosition.NOW);
        sinks.add(now.sink);
        List<CanonicalEvent> after = run("im", 1, 10);
        JournalFeed.ingest(journal, after, 50);
        await("the new sink has what came after it").atMost(30, TimeUnit.SECONDS).until(() -> now.size() == after.size());
        // a position older than the hold keeps nothing: "away" is up to date anyway
        int dropped = journal.truncate(Map.of("pbx", 1_000_000L, "im", 1_000_000L),
                sinks.neededSegment(Duration.ofHours(1)), JournalFeed.LINES);
        assertEquals("every closed segment dropped", segments - 1, dropped);
    }
}
