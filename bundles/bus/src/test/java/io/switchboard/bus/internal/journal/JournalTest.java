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
}
