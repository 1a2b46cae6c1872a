package io.switchboard.recording.internal;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingQuery;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording processor: every change of a recording in the shared state (on any node) is
 * written to this node's catalog. A media server moves a segment on at every chunk, so changes
 * are coalesced per recording and written in one transaction per flush: the catalog lags the
 * grid by at most one flush interval, and a write that fails is retried at the next flush.
 */
final class RecordingProcessor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingProcessor.class);

    private final SharedState state;
    private final RecordingCatalog catalog;
    private final ConcurrentMap<String, Recording> dirty = new ConcurrentHashMap<>();
    private Runnable unlisten;
    private ScheduledExecutorService flusher;

    RecordingProcessor(SharedState state, RecordingCatalog catalog) {
        this.state = state;
        this.catalog = catalog;
    }

    /**
     * Listens to the shared state and takes in everything it holds now (what changed while this
     * node was down); flushes every {@code flushMillis} when positive (tests call {@link #flush()}).
     */
    void start(long flushMillis) {
        start(flushMillis, 0);
    }

    /** As {@link #start(long)}, and once a minute lets the grid forget what was done {@code retentionMillis} ago. */
    void start(long flushMillis, long retentionMillis) {
        unlisten = state.listenRecordings(r -> dirty.put(r.id(), r));
        for (Recording r : state.recordings().values()) {
            dirty.putIfAbsent(r.id(), r);
        }
        if (flushMillis > 0) {
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "recording-processor");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
            if (retentionMillis > 0) {
                flusher.scheduleWithFixedDelay(() -> {
                    try {
                        int n = evictDone(System.currentTimeMillis() - retentionMillis);
                        if (n > 0) {
                            LOG.info("{} recordings done before the last {} ms now only in the catalog", n,
                                    retentionMillis);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("Done recordings not let go from the grid: {}", e.toString());
                    }
                }, 60_000, 60_000, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Recording metadata not written, retried at the next flush: {}", e.toString());
        }
    }

    /**
     * Writes what changed since the last flush; returns how many recordings it wrote. When the
     * batch fails, each recording is tried alone, so one that the database refuses does not hold
     * the others back; it stays for the next flush like every unwritten one.
     */
    synchronized int flush() throws SQLException {
        List<Recording> batch = new ArrayList<>(dirty.values());
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            catalog.save(batch);
        } catch (SQLException whole) {
            int written = 0;
            for (Recording r : batch) {
                try {
                    catalog.save(List.of(r));
                    dirty.remove(r.id(), r);
                    written++;
                } catch (SQLException alone) {
                    LOG.warn("Recording {} not written to the catalog: {}", r.id(), alone.toString());
                }
            }
            if (written == 0) {
                throw whole;
            }
            return written;
        }
        for (Recording r : batch) {
            // a newer state that came during the write stays for the next flush
            dirty.remove(r.id(), r);
        }
        return batch.size();
    }

    /**
     * Lets the grid forget the recordings done before {@code before} (epoch ms) that this node's
     * catalog holds in their last state: the grid keeps what is recorded now and lately, the
     * database everything. Returns how many it removed.
     */
    synchronized int evictDone(long before) {
        int removed = 0;
        for (Recording r : state.recordings().values()) {
            if (Recording.DONE.equals(r.state()) && r.end() != null && r.end() < before && !dirty.containsKey(r.id())
                    && state.recordings().remove(r.id(), r)) {
                removed++;
            }
        }
        return removed;
    }

    /** How many recordings wait for the next flush. */
    int pending() {
        return dirty.size();
    }

    List<Recording> find(RecordingQuery q) {
        try {
            return catalog.find(q);
        } catch (SQLException e) {
            throw new SwitchboardException(503, "the recording catalog cannot be searched: " + e.getMessage(),
                    "database");
        }
    }

    Recording get(String id) {
        try {
            return catalog.get(id);
        } catch (SQLException e) {
            throw new SwitchboardException(503, "the recording catalog cannot be read: " + e.getMessage(), "database");
        }
    }


    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
            flusher = null;
        }
        if (unlisten != null) {
            unlisten.run();
            unlisten = null;
        }
        flushQuietly();
    }
}
