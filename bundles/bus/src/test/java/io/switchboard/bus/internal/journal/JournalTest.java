package io.switchboard.bus.internal.journal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JournalTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void batchesSurviveReopeningAndSegmentsRoll() throws Exception {
        Path dir = tmp.getRoot().toPath();
        try (Journal j = new Journal(dir, 100, true)) {
            assertTrue(j.isEmpty());
            j.append(List.of("{\"a\":1}", "{\"a\":2}"));
            j.append(List.of("{\"a\":3}"));
            for (int i = 4; i <= 10; i++) {
                j.append(List.of("{\"a\":" + i + ",\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"));
            }
            assertTrue("rolled into several segments", j.segmentCount() > 1);
        }
        try (Journal again = new Journal(dir, 100, true)) {
            List<String> lines = Journal.all(again);
            assertEquals(10, lines.size());
            assertEquals("{\"a\":1}", lines.get(0));
            assertTrue(lines.get(9).startsWith("{\"a\":10,"));
            again.append(List.of("{\"a\":11}"));
            assertEquals(11, Journal.all(again).size());
        }
    }

    @Test
    public void aLineCutShortByACrashIsNotReplayed() throws Exception {
        Path dir = tmp.getRoot().toPath();
        try (Journal j = new Journal(dir, 1 << 20, false)) {
            j.append(List.of("{\"a\":1}"));
        }
        Path segment = Files.list(dir).findFirst().orElseThrow();
        Files.write(segment, "{\"a\":2".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (Journal j = new Journal(dir, 1 << 20, false)) {
            assertEquals(List.of("{\"a\":1}"), Journal.all(j));
        }
    }

    private static String event(String source, long seq) {
        return "{\"type\":\"AgentLogin\",\"ts\":\"2026-03-02T09:00:00Z\",\"source\":\"" + source + "\",\"seq\":" + seq
                + ",\"tenant\":\"t\",\"agent\":\"a\",\"dn\":\"1\"}";
    }

    private static io.switchboard.api.event.CanonicalEvent parse(String line) {
        return new io.switchboard.bus.internal.EventParserAccess().parse(line);
    }

    @Test
    public void truncationDropsOnlyClosedSegmentsThatTheSnapshotHolds() throws Exception {
        Path dir = tmp.getRoot().toPath();
        try (Journal j = new Journal(dir, 300, true)) {
            // one event a commit: every commit past the first of a segment rolls it (lines ~120 bytes)
            for (long seq = 1; seq <= 6; seq++) {
                j.append(List.of(event("pbx", seq), event("im", seq)), java.util.Map.of("pbx", seq, "im", seq));
            }
            int before = j.segmentCount();
            assertTrue(before >= 3);
            assertEquals("nothing is dropped without a snapshot", 0, j.truncate(java.util.Map.of(), JournalTest::parse));
            assertEquals("a source the snapshot lacks keeps its segments", 0,
                    j.truncate(java.util.Map.of("pbx", 6L), JournalTest::parse));
            // the index of the oldest segment is lost: it is read instead
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith("000001.last-seqs")).forEach(p -> p.toFile().delete());
            }
            int dropped = j.truncate(java.util.Map.of("pbx", 3L, "im", 3L), JournalTest::parse);
            assertTrue("segments up to seq 3 dropped: " + dropped, dropped >= 1);
            List<String> left = Journal.all(j);
            assertTrue(left.contains(event("pbx", 4)));
            assertEquals(6, parse(left.get(left.size() - 1)).seq());
            j.truncate(java.util.Map.of("pbx", 99L, "im", 99L), JournalTest::parse);
            assertEquals("the open segment always stays", 1, j.segmentCount());
            assertEquals(event("pbx", 6), Journal.all(j).get(0));
        }
    }

    @Test
    public void aTornTailIsCutSoTheNextAppendKeepsItsOwnLine() throws Exception {
        Path dir = tmp.getRoot().toPath();
        try (Journal j = new Journal(dir, 1 << 20, true)) {
            j.append(List.of("{\"a\":1}"));
        }
        Path segment = dir.resolve("segment-000001.ndjson");
        Files.writeString(segment, "{\"a\":2,\"torn", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (Journal j = new Journal(dir, 1 << 20, true)) {
            assertEquals(List.of("{\"a\":1}"), Journal.all(j));
            j.append(List.of("{\"a\":3}"));
        }
        try (Journal j = new Journal(dir, 1 << 20, true)) {
            assertEquals(List.of("{\"a\":1}", "{\"a\":3}"), Journal.all(j));
        }
        // a segment that is nothing but a torn line
        Files.writeString(dir.resolve("segment-000002.ndjson"), "{\"a\":4", StandardCharsets.UTF_8);
        try (Journal j = new Journal(dir, 1 << 20, true)) {
            j.append(List.of("{\"a\":5}"));
            assertEquals(List.of("{\"a\":1}", "{\"a\":3}", "{\"a\":5}"), Journal.all(j));
        }
    }
}
