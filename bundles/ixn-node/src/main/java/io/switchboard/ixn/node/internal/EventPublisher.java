package io.switchboard.ixn.node.internal;

import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the node's event log on the bus, in seq order, from where the bus says this source
 * stopped. The log is written in the same transaction as the change, so a bus that is away (or a
 * pair that switched over) delays events but never loses them; the bus's (source, seq) dedup
 * absorbs a batch sent twice.
 */
public final class EventPublisher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final int BATCH = 500;

    private final NodeEngine engine;
    private final Supplier<EventIngestService> bus;
    private final Object signal = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean pending = true;
    private long position = -1;
    private EventIngestService positionOf;

    public EventPublisher(NodeEngine engine, Supplier<EventIngestService> bus) {
        this.engine = engine;
        this.bus = bus;
    }

    public void signal() {
        synchronized (signal) {
            pending = true;
            signal.notifyAll();
        }
    }

    public void stop() {
        running = false;
        signal();
    }

    public long published() {
        return published.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** The last event log seq handed to the bus (-1 before the first round). */
    public long position() {
        return position;
    }

    @Override
    public void run() {
        while (running) {
            try {
                synchronized (signal) {
                    if (!pending) {
                        signal.wait(250);
                    }
                    pending = false;
                }
                while (running && publishOnce()) {
                    // more to send
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the node or the bus is switching; the next round starts from the bus's position
                LOG.debug("publishing node events paused: {}", e.getMessage());
                positionOf = null;
            }
        }
    }

    /** One batch; true when a full batch went out (there may be more). */
    boolean publishOnce() {
        EventIngestService b = bus.get();
        if (b == null || !engine.isActive()) {
            return false;
        }
        if (positionOf != b) {
            position = b.lastSeq(engine.source());
            positionOf = b;
        }
        List<NodeEngine.LoggedEvent> events = engine.eventsAfter(position, BATCH);
        if (events.isEmpty()) {
            return false;
        }
        List<String> lines = new ArrayList<>(events.size());
        for (NodeEngine.LoggedEvent e : events) {
            if (e.canonical()) {
                lines.add(e.line());
            }
        }
        if (!lines.isEmpty()) {
            IngestResult r = b.ingestLines(lines, engine.source());
            published.addAndGet(r.accepted());
            if (!r.rejected().isEmpty()) {
                // e.g. a strict tenant without the queue or agent configured: kept in the node's log only
                rejected.addAndGet(r.rejected().size());
                LOG.warn("bus rejected {} event(s) of {}: {}", r.rejected().size(), engine.source(),
                        r.rejected().get(0));
            }
        }
        position = events.get(events.size() - 1).seq();
        return events.size() == BATCH;
    }
}
