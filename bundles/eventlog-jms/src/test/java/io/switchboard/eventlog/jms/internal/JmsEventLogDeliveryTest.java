package io.switchboard.eventlog.jms.internal;

import io.switchboard.bus.internal.JournalFeed;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.SinkDispatcher;
import io.switchboard.bus.internal.journal.Journal;
import io.switchboard.jms.BrokerConnections;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The JMS sink over the real journal and dispatcher, a real Artemis broker and a real consumer:
 * every event once, across a repeated replay, a SIGKILLed sink JVM and a broker down then back.
 */
public class JmsEventLogDeliveryTest {

    private static final String QUEUE = "queue:switchboard.events";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<AutoCloseable> open = new ArrayList<>();
    private Path root;
    private Broker broker;
    private CamelContext camel;

    @Before
    public void setUp() throws Exception {
        root = tmp.getRoot().toPath();
        broker = new Broker(root.resolve("broker")).start();
        camel = Feed.camel();
    }

    @After
    public void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        camel.close();
        broker.close();
    }

    private <T extends AutoCloseable> T opened(T t) {
        open.add(t);
        return t;
    }

    private Journal journal() {
        return opened(new Journal(root.resolve("journal"), 256 * 1024, true));
    }

    private JmsEventLog sink(String destination) throws Exception {
        var pool = BrokerConnections.pool(broker.url(), "", "");
        open.add(pool::stop);
        JmsEventLog log = opened(new JmsEventLog(camel, pool, BrokerConnections.destination(destination), "eventlog-jms"));
        log.start();
        return log;
    }

    private SinkDispatcher feed(Journal journal, StartPosition start, JournalFeed.Writer writer) {
        return opened(JournalFeed.feed(journal, root.resolve("positions"), "jms", start, writer));
    }

    private static void assertEachOnce(Drain drain, List<CanonicalEvent> run) {
        await("every event at the consumer").atMost(120, TimeUnit.SECONDS).until(() -> drain.messages.get() >= run.size());
        assertEquals("messages", run.size(), drain.messages.get());
        for (CanonicalEvent e : run) {
            AtomicInteger n = drain.seen.get(e.source() + "/" + e.seq());
            assertEquals(e.source() + "/" + e.seq(), 1, n == null ? 0 : n.get());
        }
        assertEquals("properties that disagree with the body", 0, drain.wrong.get());
    }

    @Test
    public void everyEventOfARunIsOneJsonTextMessageWithItsSourceAndSeq() throws Exception {
        List<CanonicalEvent> run = Feed.run(3, 1000);
        Drain drain = opened(new Drain(broker.url(), QUEUE));
        Journal journal = journal();
        JmsEventLog log = sink(QUEUE);
        feed(journal, StartPosition.OLDEST, log::write);
        JournalFeed.ingest(journal, run, 100);
        assertEachOnce(drain, run);
    }

    @Test
    public void aSinkStoppedAndReinstalledDuringALoadRunPutsEachEventOnceOnTheQueue() throws Exception {
        List<CanonicalEvent> run = Feed.run(4, 2500);
        Drain drain = opened(new Drain(broker.url(), QUEUE));
        Journal journal = journal();
        JmsEventLog first = sink(QUEUE);
        SinkDispatcher d = feed(journal, StartPosition.OLDEST, first::write);
        long t0 = System.nanoTime();
        Thread ingestion = new Thread(() -> {
            // the load keeps coming while the sink goes and comes back
            for (int i = 0; i < run.size(); i += 500) {
                JournalFeed.ingest(journal, run.subList(i, Math.min(run.size(), i + 500)), 100);
            }
        });
        ingestion.start();
        await("a part of the run sent").atMost(60, TimeUnit.SECONDS).until(() -> drain.messages.get() >= run.size() / 4);
        // what feature:uninstall does: the dispatcher stops, the route and its component go
        d.close();
        open.remove(d);
        first.close();
        open.remove(first);
        int atStop = drain.messages.get();
        assertTrue("stopped part-way: " + atStop, atStop < run.size());
        // feature:install again: a new route in the same context, resuming from the sink's position
        JmsEventLog second = sink(QUEUE);
        feed(journal, StartPosition.OLDEST, second::write);
        ingestion.join(60_000);
        assertEachOnce(drain, run);
        long millis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
        System.out.printf("JMS sink: %d events to the broker in %d ms across a reinstall (%d events/s)%n",
                run.size(), millis, run.size() * 1000L / millis);
    }

    @Test
    public void aReplayFromAnOlderPositionSendsNothingTwice() throws Exception {
        List<CanonicalEvent> run = Feed.run(2, 600);
        Drain first = new Drain(broker.url(), QUEUE);
        Journal journal = journal();
        JournalFeed.ingest(journal, run, 100);
        JmsEventLog log = sink(QUEUE);
        AtomicLong writes = new AtomicLong();
        JournalFeed.Writer counted = b -> {
            log.write(b);
            writes.addAndGet(b.size());
        };
        SinkDispatcher d = feed(journal, StartPosition.OLDEST, counted);
        assertEachOnce(first, run);
        first.close();
        d.close();
        // the position lost (a crash before it was written, a restore): the whole journal comes again
        try (Stream<Path> files = Files.list(root.resolve("positions"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        writes.set(0);
        feed(journal, StartPosition.OLDEST, counted);
        await("the replay written again").atMost(60, TimeUnit.SECONDS).until(() -> writes.get() >= run.size());
        CanonicalEvent marker = CanonicalEvent.builder(EventType.CallQueued).ts(1_772_443_000_000L).source("late")
                .seq(1).tenant("t").call("m").queue("q1").build();
        JournalFeed.ingest(journal, List.of(marker), 1);
        Drain second = opened(new Drain(broker.url(), QUEUE));
        // one producer to one queue keeps its order: a repeated event would come before the marker
        assertEachOnce(second, List.of(marker));
    }

    @Test
    public void aSinkKilledPartWayResumesFromItsPositionAndTheQueueHoldsEachEventOnce() throws Exception {
        List<CanonicalEvent> run = Feed.run(3, 400);
        Journal journal = new Journal(root.resolve("journal"), 256 * 1024, true);
        JournalFeed.ingest(journal, run, 100);
        journal.close();
        Drain drain = opened(new Drain(broker.url(), QUEUE));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KilledSender.class.getName(), root.resolve("journal").toString(), root.resolve("positions").toString(),
                broker.url(), BrokerConnections.destination(QUEUE)).redirectErrorStream(true).start();
        long sent = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("sent ")) {
                    sent = Long.parseLong(line.substring(5));
                    if (sent >= run.size() / 3) {
                        break;
                    }
                }
            }
            // SIGKILL: no close, no last position file
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue("killed part-way: " + sent + " of " + run.size(), sent > 0 && sent < run.size());
        JmsEventLog log = sink(QUEUE);
        feed(journal(), StartPosition.OLDEST, log::write);
        assertEachOnce(drain, run);
    }

    @Test
    public void aBrokerThatIsDownHoldsUpNeitherIngestionNorAnotherSinkAndIsCaughtUpOnceItIsBack() throws Exception {
        List<CanonicalEvent> run = Feed.run(2, 500);
        Journal journal = journal();
        JmsEventLog log = sink(QUEUE);
        broker.stop();
        AtomicLong jmsFailures = new AtomicLong();
        feed(journal, StartPosition.OLDEST, b -> {
            try {
                log.write(b);
            } catch (Exception e) {
                jmsFailures.incrementAndGet();
                throw e;
            }
        });
        AtomicLong other = new AtomicLong();
        opened(JournalFeed.feed(journal, root.resolve("positions"), "other", StartPosition.OLDEST,
                b -> other.addAndGet(b.size())));
        JournalFeed.ingest(journal, run, 100);
        await("the other sink has everything while the broker is down").atMost(60, TimeUnit.SECONDS).until(() -> other.get() >= run.size());
        await("the JMS sink failed a send").atMost(30, TimeUnit.SECONDS).until(() -> jmsFailures.get() > 0);
        broker.start();
        Drain drain = opened(new Drain(broker.url(), QUEUE));
        assertEachOnce(drain, run);
    }

    @Test
    public void aSinkStartingNowSendsToATopicOnlyWhatIsJournaledAfterIt() throws Exception {
        String topic = "topic:switchboard.events.all";
        Journal journal = journal();
        JournalFeed.ingest(journal, Feed.run(2, 50), 100);
        Drain subscriber = opened(new Drain(broker.url(), topic));
        JmsEventLog log = sink(topic);
        AtomicLong first = new AtomicLong();
        feed(journal, StartPosition.NOW, b -> {
            log.write(b);
            first.addAndGet(b.size());
        });
        List<CanonicalEvent> later = new ArrayList<>();
        for (CanonicalEvent e : Feed.run(2, 80)) {
            if (e.seq() > 50) {
                later.add(e);
            }
        }
        JournalFeed.ingest(journal, later, 100);
        assertEachOnce(subscriber, later);
    }

    @Test
    public void aDestinationOtherThanAQueueOrTopicNameIsRefusedByName() {
        assertEquals("queue:a.b", BrokerConnections.destination("a.b"));
        assertEquals("topic:x", BrokerConnections.destination(" TOPIC:x "));
        for (String bad : new String[] {"", "queue:", "exchange:x", "queue:a b", "queue:a?x=1"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> BrokerConnections.destination(bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("destination:"));
        }
        assertThrows(IllegalArgumentException.class, () -> StartPosition.of("yesterday"));
    }
}
