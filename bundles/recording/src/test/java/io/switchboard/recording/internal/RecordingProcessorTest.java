package io.switchboard.recording.internal;

import static io.switchboard.api.event.EventType.CallEstablished;
import static io.switchboard.api.event.EventType.CallQueued;
import static io.switchboard.api.event.EventType.CallReleased;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.Segment;
import io.switchboard.database.internal.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The recording processor on a real embedded Derby (the database bundle's), fed by real life cycles. */
public class RecordingProcessorTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedDatabase db;
    private Path root;

    @Before
    public void open() throws SQLException {
        root = tmp.getRoot().toPath();
        System.setProperty("derby.stream.error.file", root.resolve("derby.log").toString());
        db = new EmbeddedDatabase(root.resolve("derby"));
        db.open();
    }

    @After
    public void close() {
        db.close();
    }

    private static List<Recording> scan(List<Recording> all, RecordingQuery q) {
        return all.stream().filter(q::matches)
                .sorted(Comparator.comparingLong(Recording::start).thenComparing(Recording::id)).toList();
    }

    @Test
    public void callsRecordedFromEventsAreInTheCatalogAsTheGridHasThemAndFoundBySearch() throws Exception {
        try (Fixture f = new Fixture(root.resolve("plane"), 2, 100, 100, new LocalState())) {
            RecordingProcessor p = new RecordingProcessor(f.state, new RecordingCatalog(db, 1000));
            p.start(0);
            f.control.putRules("acme", Fixture.all(false));
            f.send(CallQueued, "c1", null, null);
            f.send(CallEstablished, "c1", "201", "a1");
            f.send(CallEstablished, "c2", "202", "a2");
            Fixture.await("a chunk of each call", Duration.ofSeconds(10), () -> f.state.recordings().values().stream()
                    .allMatch(r -> r.lastSegment().chunks() >= 1));
            f.send(CallReleased, "c1", "201", "a1");
            p.flush();
            assertEquals(0, p.pending());

            List<Recording> grid = new ArrayList<>(f.state.recordings().values());
            // c2 still records: its segment's progress goes on, so compare with what was flushed
            List<Recording> all = p.find(new RecordingQuery("acme", null, null, null, null));
            assertEquals(2, all.size());
            Recording c1 = p.find(new RecordingQuery("acme", "c1", null, null, null)).get(0);
            assertEquals(grid.stream().filter(r -> r.call().equals("c1")).findFirst().orElseThrow(), c1);
            assertEquals(Recording.DONE, c1.state());
            assertEquals("sales", c1.queue());
            assertTrue(c1.lastSegment().complete());
            assertEquals(List.of("c2"), p.find(new RecordingQuery(null, null, "a2", null, null)).stream()
                    .map(Recording::call).toList());
            assertEquals(Recording.RECORDING, p.get(all.get(1).id()).state());
            assertTrue(p.find(new RecordingQuery("globex", null, null, null, null)).isEmpty());
            // the catalog's copy plays back like the grid's
            byte[] wav = f.control.audio(c1);
            assertEquals(44 + (c1.end() - c1.start()) * 16, wav.length);
            p.close();
        }
    }

    /** The real database, which can be made to refuse connections as a database that went away does. */
    private static final class Switchable {
        volatile boolean down;
        final DataSource source;

        Switchable(DataSource db) {
            source = (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, (p, m, a) -> {
                        if (down && m.getName().equals("getConnection")) {
                            throw new SQLException("connection refused", "08001");
                        }
                        try {
                            return m.invoke(db, a);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Test
    public void aRecordingTheDatabaseRefusesDoesNotHoldBackTheOthers() throws Exception {
        LocalState state = new LocalState();
        RecordingProcessor p = new RecordingProcessor(state, new RecordingCatalog(db, 1000));
        p.start(0);
        Recording good = new Recording("r-good", "acme", "c1", "a1", "201", null, 1000, null, Recording.RECORDING,
                List.of(), true, "rm-1", List.of());
        Recording refused = new Recording("r-long", "acme", "c".repeat(500), "a1", "201", null, 1000, null,
                Recording.RECORDING, List.of(), true, "rm-1", List.of());
        state.recordings().put(good.id(), good);
        state.recordings().put(refused.id(), refused);
        assertEquals(1, p.flush());
        assertEquals(good, p.get("r-good"));
        assertEquals(1, p.pending());
        p.close();
    }

    @Test
    public void aSearchOfTheCatalogAnswersWhatAScanOfTheGridWould() throws Exception {
        RecordingCatalog catalog = new RecordingCatalog(db, 100_000);
        Random rnd = new Random(15);
        List<Recording> all = new ArrayList<>();
        long t0 = 1_800_000_000_000L;
        for (int i = 0; i < 400; i++) {
            long start = t0 + rnd.nextInt(3_600_000);
            Long end = rnd.nextInt(10) == 0 ? null : start + rnd.nextInt(600_000);
            List<Segment> segs = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int s = 0; s < n; s++) {
                segs.add(new Segment(s, "ms" + (1 + rnd.nextInt(3)), start + s * 1000L, end == null ? null : end,
                        s == 0 ? 0 : rnd.nextInt(500), "t/d/rec-" + i + "-" + s + ".sbr", rnd.nextInt(100_000),
                        rnd.nextInt(50), end != null));
            }
            all.add(new Recording("rec-" + i, "t" + rnd.nextInt(3), "call-" + rnd.nextInt(300), "a" + rnd.nextInt(20),
                    "20" + rnd.nextInt(9), rnd.nextBoolean() ? "sales" : null, start, end,
                    end == null ? Recording.RECORDING : Recording.DONE, segs, true, "rm-" + (1 + rnd.nextInt(2)),
                    List.of("20" + rnd.nextInt(9))));
        }
        long w0 = System.nanoTime();
        catalog.save(all);
        double secs = (System.nanoTime() - w0) / 1e9;
        System.out.printf("FIGURE recording processor: %d recordings (%d segments) written to Derby in %.2f s = %.0f/s%n",
                all.size(), all.stream().mapToInt(r -> r.segments().size()).sum(), secs, all.size() / secs);
        for (int i = 0; i < 300; i++) {
            Long from = rnd.nextBoolean() ? null : t0 + rnd.nextInt(4_000_000);
            Long to = rnd.nextBoolean() ? null : t0 + rnd.nextInt(4_000_000);
            RecordingQuery q = new RecordingQuery(rnd.nextBoolean() ? null : "t" + rnd.nextInt(3),
                    rnd.nextInt(4) == 0 ? "call-" + rnd.nextInt(300) : null,
                    rnd.nextInt(3) == 0 ? "a" + rnd.nextInt(20) : null, from, to);
            assertEquals(q.toString(), scan(all, q), catalog.find(q));
        }
        // saving again (a later state) replaces, never duplicates
        catalog.save(List.of(all.get(0).withEnd(all.get(0).start() + 5)));
        assertEquals(all.size(), catalog.find(new RecordingQuery(null, null, null, null, null)).size());
        assertEquals(Long.valueOf(all.get(0).start() + 5), catalog.get("rec-0").end());
        assertNull(catalog.get("rec-none"));
        // a name longer than any column matches nothing instead of failing the search
        assertTrue(catalog.find(new RecordingQuery("t".repeat(500), null, "a".repeat(129), null, null)).isEmpty());
        assertNull(catalog.get("r".repeat(1000)));
    }

    @Test
    public void theGridForgetsRecordingsDoneLongAgoOnceTheCatalogHasThemAndSearchesStillFindThem() throws Exception {
        LocalState state = new LocalState();
        RecordingProcessor p = new RecordingProcessor(state, new RecordingCatalog(db, 1000));
        p.start(0);
        Recording old = new Recording("r-old", "acme", "c1", "a1", "201", null, 1000, 2000L, Recording.DONE,
                List.of(), true, "rm-1", List.of());
        Recording recent = new Recording("r-recent", "acme", "c2", "a1", "201", null, 9000, 9500L, Recording.DONE,
                List.of(), true, "rm-1", List.of());
        Recording live = new Recording("r-live", "acme", "c3", "a1", "201", null, 1000, null, Recording.RECORDING,
                List.of(), true, "rm-1", List.of());
        for (Recording r : List.of(old, recent, live)) {
            state.recordings().put(r.id(), r);
        }
        assertEquals("nothing goes before the catalog has it", 0, p.evictDone(5000));
        p.flush();
        assertEquals(1, p.evictDone(5000));
        assertEquals(java.util.Set.of("r-recent", "r-live"), state.recordings().keySet());
        assertEquals(old, p.get("r-old"));
        assertEquals(3, p.find(new RecordingQuery("acme", null, null, null, null)).size());
        p.close();
    }

    @Test
    public void aSearchAnswersAtMostTheLimitOldestFirst() throws Exception {
        RecordingCatalog catalog = new RecordingCatalog(db, 3);
        List<Recording> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(new Recording("r" + i, "acme", "c" + i, null, null, null, 1000L * (5 - i), null,
                    Recording.RECORDING, List.of(), true, "rm-1", List.of()));
        }
        catalog.save(all);
        assertEquals(List.of("r4", "r3", "r2"), catalog.find(new RecordingQuery(null, null, null, null, null))
                .stream().map(Recording::id).toList());
    }

    @Test
    public void whatTheGridHeldBeforeTheProcessorStartedAndWhatAFailedWriteMissedReachTheCatalog() throws Exception {
        LocalState state = new LocalState();
        Switchable source = new Switchable(db);
        Recording before = new Recording("r-before", "acme", "c1", "a1", "201", null, 1000, 2000L, Recording.DONE,
                List.of(), true, "rm-1", List.of());
        state.recordings().put(before.id(), before);
        RecordingProcessor p = new RecordingProcessor(state, new RecordingCatalog(source.source, 1000));
        p.start(0);
        assertEquals(1, p.flush());
        assertEquals(before, p.get("r-before"));

        Recording during = new Recording("r-during", "acme", "c2", "a1", "201", null, 3000, null,
                Recording.RECORDING, List.of(), true, "rm-1", List.of());
        state.recordings().put(during.id(), during);
        source.down = true;
        try {
            p.flush();
            fail("wrote to a database that is down");
        } catch (SQLException expected) {
            assertEquals(1, p.pending());
        }
        source.down = false;
        Recording later = during.withEnd(4000);
        state.recordings().put(later.id(), later);
        assertEquals(1, p.flush());
        assertEquals(later, p.get("r-during"));
        p.close();

        // a restarted node: its catalog still knows both, with nothing in the grid
        RecordingProcessor again = new RecordingProcessor(new LocalState(), new RecordingCatalog(db, 1000));
        again.start(0);
        assertEquals(List.of("r-before", "r-during"), again.find(new RecordingQuery("acme", null, "a1", null, null))
                .stream().map(Recording::id).toList());
        again.close();
    }
}
