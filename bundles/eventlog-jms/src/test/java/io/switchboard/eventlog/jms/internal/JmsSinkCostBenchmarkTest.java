package io.switchboard.eventlog.jms.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.IngestRate;
import io.switchboard.bus.internal.JournalFeed;
import io.switchboard.jms.BrokerConnections;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Events/s of ingestion without and with the JMS sink sending to a real Artemis broker, and the
 * sink's own rate, printed (no timed assertion). Runs only with {@code -Dbench=true}:
 * {@code mvn -pl bundles/eventlog-jms -am verify -Dtest=JmsSinkCostBenchmarkTest -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
public class JmsSinkCostBenchmarkTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void ingestRateWithoutAndWithTheJmsSink() throws Exception {
        Assume.assumeTrue("a benchmark: -Dbench=true", Boolean.getBoolean("bench"));
        List<CanonicalEvent> events = Feed.run(4, Integer.getInteger("bench.perSource", 1500));
        int batch = Integer.getInteger("bench.batch", 100);
        for (int round = 1; round <= 2; round++) {
            double[] without = IngestRate.measure(tmp.newFolder("none" + round).toPath(), events, batch, null, () -> 0);
            Path with = tmp.newFolder("jms" + round).toPath();
            try (Broker broker = new Broker(with.resolve("broker")).start()) {
                CamelContext camel = Feed.camel();
                var pool = BrokerConnections.pool(broker.url(), "", "");
                JmsEventLog log = new JmsEventLog(camel, pool, BrokerConnections.destination("queue:bench"), "bench");
                log.start();
                AtomicLong sent = new AtomicLong();
                EventLogSink sink = JournalFeed.sink("jms", StartPosition.OLDEST, b -> {
                    log.write(b);
                    sent.addAndGet(b.size());
                });
                double[] withJms = IngestRate.measure(with, events, batch, sink, sent::get);
                log.close();
                pool.stop();
                camel.close();
                System.out.printf("BENCH round %d: %d events, batches of %d: ingest without sink %.0f ev/s, "
                        + "with jms sink %.0f ev/s; jms sink caught up at %.0f ev/s%n", round, events.size(), batch,
                        without[0], withJms[0], withJms[1]);
            }
        }
    }
}
