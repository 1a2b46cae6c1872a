package io.switchboard.adapter.queuelog.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.event.SourceStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The file reader against a bus that keeps what it accepts, de-duplicating by seq. */
public class QueueLogFileReaderTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Accepts events in seq order, like the bus: a seq at or below the last one is a duplicate. */
    static final class FakeBus implements EventIngestService {
        final List<CanonicalEvent> accepted = new ArrayList<>();
        long last;
        int failuresLeft;

        @Override
        public synchronized IngestResult ingest(List<CanonicalEvent> events) {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("bus down");
            }
            int a = 0;
            int d = 0;
            for (CanonicalEvent e : events) {
                if (e.seq() <= last) {
                    d++;
                } else {
                    accepted.add(e);
                    last = e.seq();
                    a++;
                }
            }
            return new IngestResult(a, d, List.of());
        }

        @Override
        public synchronized long lastSeq(String source) {
            return last;
        }

        synchronized int size() {
            return accepted.size();
        }

        @Override
        public IngestResult ingestLines(List<String> lines) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IngestResult ingestLines(List<String> lines, String requiredSource) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IngestResult ingestDurable(List<String> lines, String requiredSource) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SourceStats> sources() {
            return List.of();
        }

        @Override
        public long acceptedTotal() {
            return 0;
        }

        @Override
        public long rejectedTotal() {
            return 0;
        }

        @Override
        public long duplicatesTotal() {
            return 0;
        }
    }

    @Test
    public void replayReadsTheWholeFileInBatches() throws Exception {
        FakeBus bus = new FakeBus();
        bus.failuresLeft = 1; // the first batch is retried
        QueueLogFileReader r = new QueueLogFileReader(QueueLogReplayTest.DIR.resolve("pbxware-it-2018.queue_log"), "t1",
            "pbx", QueueLogFileReader.Mode.REPLAY, bus, 100, 10, 0);
        r.run();
        assertEquals(1249, bus.size()); // the events of QueueLogReplayTest
        assertEquals(1000, r.stats().lines());
        Mapped.checkAll(bus.accepted);
    }

    @Test
    public void tailFollowsAppendedLinesAndResumes() throws Exception {
        Path f = tmp.newFile("queue_log").toPath();
        append(f, "1000|c1|q|NONE|ENTERQUEUE||1|1\n1005|c1|q|SIP/201|CONNECT|5|x|2\n1010|c1|q|SIP/2");
        FakeBus bus = new FakeBus();
        QueueLogFileReader r = new QueueLogFileReader(f, "t1", "pbx", QueueLogFileReader.Mode.TAIL, bus, 100, 20, 0);
        Thread t = new Thread(r);
        t.start();
        waitFor(() -> bus.size() == 4);
        Thread.sleep(100);
        assertEquals("the half-written line is not read yet", 4, bus.size());
        append(f, "01|COMPLETEAGENT|5|5|1\n1020|c2|q|NONE|ENTERQUEUE||2|1\n");
        waitFor(() -> bus.size() == 6);
        r.stop();
        t.interrupt();
        t.join(2000);
        assertEquals("30 CallReleased@1010000 a=201 dn=201 c=c1", Mapped.render(bus.accepted.get(4)));

        // restart: resumes after seq 40 (line 4) with the state of lines 1..4 rebuilt
        append(f, "1030|c2|q|SIP/201|CONNECT|10|y|1\n");
        QueueLogFileReader r2 = new QueueLogFileReader(f, "t1", "pbx", QueueLogFileReader.Mode.TAIL, bus, 100, 20, 0);
        Thread t2 = new Thread(r2);
        t2.start();
        waitFor(() -> bus.size() == 9);
        r2.stop();
        t2.interrupt();
        t2.join(2000);
        assertEquals(List.of("50 CallDiverted@1029000 q=q dn=201 c=c2", "51 CallRinging@1029000 a=201 dn=201 c=c2",
            "52 CallEstablished@1030000 a=201 dn=201 c=c2"), Mapped.render(bus.accepted.subList(6, 9)));
        Mapped.checkAll(bus.accepted);
    }

    @Test
    public void aRotatedLogIsFollowedIntoItsNextGenerationWithoutLosingOrRepeatingLines() throws Exception {
        Path f = tmp.getRoot().toPath().resolve("queue_log");
        Path state = tmp.getRoot().toPath().resolve("state/pbx.state");
        append(f, "1000|c1|q|NONE|ENTERQUEUE||1|1\n");
        FakeBus bus = new FakeBus();
        QueueLogFileReader r = new QueueLogFileReader(f, "t1", "pbx", QueueLogFileReader.Mode.TAIL, bus, 100, 20, 0,
                state);
        Thread t = new Thread(r);
        t.start();
        waitFor(() -> bus.size() == 1);

        // logrotate: the old file is renamed, gets one last line, and a new file starts at line 1
        Files.move(f, tmp.getRoot().toPath().resolve("queue_log.1"));
        append(tmp.getRoot().toPath().resolve("queue_log.1"), "1001|c2|q|NONE|ENTERQUEUE||1|1\n");
        append(f, "1002|c3|q|NONE|ENTERQUEUE||1|1\n");
        waitFor(() -> bus.size() == 3);
        assertEquals("the old file's last line, then the new file's first", List.of("c2", "c3"),
                bus.accepted.subList(1, 3).stream().map(CanonicalEvent::call).toList());
        assertEquals("generation 1, line 1", QueueLogFileReader.GENERATION_LINES * 10 + 10, bus.accepted.get(2).seq());

        // copytruncate: the same file emptied, then written again from line 1
        Files.write(f, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        append(f, "1003|c4|q|NONE|ENTERQUEUE||1|1\n");
        waitFor(() -> bus.size() == 4);
        assertEquals("generation 2, line 1", 2 * QueueLogFileReader.GENERATION_LINES * 10 + 10, bus.accepted.get(3).seq());
        assertEquals(2, r.progress().generation());
        r.stop();
        t.interrupt();
        t.join(2000);

        // a restart resumes in generation 2; a rotation while stopped starts generation 3
        append(f, "1004|c5|q|NONE|ENTERQUEUE||1|1\n");
        QueueLogFileReader again = new QueueLogFileReader(f, "t1", "pbx", QueueLogFileReader.Mode.TAIL, bus, 100, 20,
                0, state);
        Thread t2 = new Thread(again);
        t2.start();
        waitFor(() -> bus.size() == 5);
        again.stop();
        t2.interrupt();
        t2.join(2000);
        assertEquals(List.of("c1", "c2", "c3", "c4", "c5"), bus.accepted.stream().map(CanonicalEvent::call).toList());

        Files.move(f, tmp.getRoot().toPath().resolve("queue_log.2"));
        append(f, "1005|c6|q|NONE|ENTERQUEUE||1|1\n");
        QueueLogFileReader third = new QueueLogFileReader(f, "t1", "pbx", QueueLogFileReader.Mode.TAIL, bus, 100, 20,
                0, state);
        Thread t3 = new Thread(third);
        t3.start();
        waitFor(() -> bus.size() == 6);
        third.stop();
        t3.interrupt();
        t3.join(2000);
        assertEquals(3 * QueueLogFileReader.GENERATION_LINES * 10 + 10, bus.accepted.get(5).seq());
    }

    private static void append(Path f, String s) throws Exception {
        Files.write(f, s.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (!c.getAsBoolean()) {
            assertTrue("timed out", System.currentTimeMillis() < end);
            Thread.sleep(10);
        }
    }
}
