package io.switchboard.eventlog.jdbc.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.IngestRate;
import io.switchboard.bus.internal.JournalFeed;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Events/s of ingestion without and with the JDBC sink, printed (no timed assertion). Runs only
 * with {@code -Dbench=true}: {@code mvn -pl bundles/eventlog-jdbc test -Dtest=SinkCostBenchmarkTest -Dbench=true}.
 */
public class SinkCostBenchmarkTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void ingestRateWithoutAndWithTheJdbcSink() throws Exception {
        Assume.assumeTrue("a benchmark: -Dbench=true", Boolean.getBoolean("bench"));
        Workload w = new Workload(4, 200, 8, 4, 99);
        List<CanonicalEvent> events = w.inArrivalOrder();
        int batch = Integer.getInteger("bench.batch", 100);
        for (int round = 1; round <= 2; round++) {
            Path none = tmp.newFolder("none" + round).toPath();
            double[] without = IngestRate.measure(none, events, batch, null, () -> 0);
            Path with = tmp.newFolder("jdbc" + round).toPath();
            JdbcEventLog log = new JdbcEventLog("jdbc:derby:db;create=true", "EVENTS", with);
            log.open();
            AtomicLong written = new AtomicLong();
            EventLogSink sink = JournalFeed.sink("jdbc", StartPosition.OLDEST, b -> {
                log.write(b);
                written.addAndGet(b.size());
            });
            double[] withJdbc = IngestRate.measure(with, events, batch, sink, written::get);
            log.close();
            System.out.printf("BENCH round %d: %d events, batches of %d: ingest without sink %.0f ev/s, "
                    + "with jdbc sink %.0f ev/s; jdbc sink caught up at %.0f ev/s%n", round, events.size(), batch,
                    without[0], withJdbc[0], withJdbc[1]);
        }
    }
}
