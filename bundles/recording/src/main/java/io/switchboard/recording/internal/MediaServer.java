package io.switchboard.recording.internal;

import io.switchboard.api.recording.MediaServerInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media server: records the sessions it is given, in real time, as frames of
 * {@link SyntheticAudio} sealed into chunks of {@code chunkMillis} and written to each session's
 * {@link SegmentWriter}. After each chunk reaches the store it reports the progress, outside its
 * own lock, so that the resource managers know how far a segment got if the server dies.
 * {@link #kill()} is that death: no final chunk, no more progress, health down.
 */
final class MediaServer {

    /** Where a server reports that a chunk of a segment is in the store. */
    interface Progress {
        void flushed(String recordingId, int segment, int chunks, long until, long bytes);
    }

    /** How a segment ended on a clean stop. */
    record Stopped(int chunks, long until, long bytes) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MediaServer.class);
    private static final int FRAME = SyntheticAudio.FRAME_MILLIS;

    private final String name;
    private final String pool;
    private final int capacity;
    private final long chunkMillis;
    private final Clock clock;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final AtomicLong recordedFrames = new AtomicLong();
    private ScheduledExecutorService ticker;
    private volatile boolean running;
    private volatile long lastTick;

    MediaServer(String name, String pool, int capacity, long chunkMillis, Clock clock) {
        this.name = name;
        this.pool = pool == null || pool.isBlank() ? null : pool;
        this.capacity = capacity;
        this.chunkMillis = Math.max(FRAME, chunkMillis);
        this.clock = clock;
    }

    private static final class Session {
        final String recordingId;
        final int segment;
        final String call;
        final long callStart;
        final SegmentWriter writer;
        final Progress progress;
        final ByteBuffer buffer;
        long nextFrame;
        long lastFlush;
        int chunks;
        long until;
        boolean held;
        boolean paused;

        Session(String recordingId, int segment, String call, long callStart, SegmentWriter writer, Progress progress,
                long now, long chunkMillis) {
            this.recordingId = recordingId;
            this.segment = segment;
            this.call = call;
            this.callStart = callStart;
            this.writer = writer;
            this.progress = progress;
            this.buffer = ByteBuffer.allocate((int) (SyntheticAudio.frameBytes(FRAME) * (chunkMillis / FRAME + 4)));
            this.nextFrame = now;
            this.lastFlush = now;
            this.until = now;
        }
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        lastTick = clock.millis();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-server-" + name);
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, FRAME, FRAME, TimeUnit.MILLISECONDS);
        LOG.info("Media server {} (pool {}, capacity {}) started", name, pool == null ? "-" : pool, capacity);
    }

    String name() {
        return name;
    }

    String pool() {
        return pool;
    }

    int capacity() {
        return capacity;
    }

    synchronized int active() {
        return sessions.size();
    }

    /** Running, and its ticker came round lately (a hung server is as good as dead). */
    boolean healthy() {
        return running && clock.millis() - lastTick < Math.max(1000, 10L * FRAME);
    }

    synchronized boolean has(String recordingId) {
        return sessions.containsKey(recordingId);
    }

    MediaServerInfo info() {
        return new MediaServerInfo(name, pool, healthy(), active(), capacity, recordedFrames.get() * FRAME);
    }

    /** Takes a session from now on: the moment its first frame starts, or -1 when down or full. */
    synchronized long record(String recordingId, int segment, String call, long callStart, SegmentWriter writer,
            Progress progress) {
        if (!healthy() || sessions.size() >= capacity || sessions.containsKey(recordingId)) {
            return -1;
        }
        long now = clock.millis();
        sessions.put(recordingId, new Session(recordingId, segment, call, callStart, writer, progress, now,
                chunkMillis));
        return now;
    }

    /** Hold starts ({@code held}) or ends; a paused session writes nothing until it ends. */
    synchronized void hold(String recordingId, boolean held, boolean pause) {
        Session s = sessions.get(recordingId);
        if (s == null) {
            return;
        }
        long now = clock.millis();
        catchUp(s, now);
        s.held = held;
        s.paused = held && pause;
        if (!s.paused) {
            s.nextFrame = Math.max(s.nextFrame, now);
        }
    }

    /** Records up to now, writes the final chunk; null when it has no such session. */
    Stopped stop(String recordingId) {
        Session s;
        synchronized (this) {
            s = sessions.remove(recordingId);
            if (s == null) {
                return null;
            }
            catchUp(s, clock.millis());
            try {
                if (s.buffer.position() > 0) {
                    flush(s);
                }
                s.writer.close();
            } catch (IOException e) {
                LOG.error("Media server {}: segment {} of recording {} not closed: {}", name, s.segment,
                        recordingId, e.getMessage());
                s.writer.abort();
            }
        }
        return new Stopped(s.chunks, s.until, s.writer.bytes());
    }

    private void tick() {
        List<Runnable> reports = new ArrayList<>();
        synchronized (this) {
            if (!running) {
                return;
            }
            long now = clock.millis();
            lastTick = now;
            for (Session s : sessions.values()) {
                catchUp(s, now);
                if (now - s.lastFlush >= chunkMillis && s.buffer.position() > 0) {
                    try {
                        flush(s);
                        int chunks = s.chunks;
                        long until = s.until;
                        long bytes = s.writer.bytes();
                        reports.add(() -> s.progress.flushed(s.recordingId, s.segment, chunks, until, bytes));
                    } catch (IOException e) {
                        LOG.error("Media server {}: chunk of recording {} not written: {}", name, s.recordingId,
                                e.getMessage());
                    }
                }
            }
        }
        for (Runnable r : reports) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("Media server {}: progress not recorded: {}", name, e.toString());
            }
        }
    }

    private void catchUp(Session s, long now) {
        if (s.paused) {
            s.nextFrame = now;
            return;
        }
        while (s.nextFrame + FRAME <= now) {
            if (s.buffer.remaining() < SyntheticAudio.frameBytes(FRAME)) {
                try {
                    flush(s);
                } catch (IOException e) {
                    LOG.error("Media server {}: chunk of recording {} not written: {}", name, s.recordingId,
                            e.getMessage());
                    s.buffer.clear();
                }
            }
            SyntheticAudio.frame(s.buffer, s.call, s.callStart, s.nextFrame, FRAME, s.held);
            s.nextFrame += FRAME;
            recordedFrames.incrementAndGet();
        }
    }

    private void flush(Session s) throws IOException {
        byte[] chunk = new byte[s.buffer.position()];
        s.buffer.flip();
        s.buffer.get(chunk);
        s.buffer.clear();
        s.writer.write(chunk);
        s.chunks++;
        s.lastFlush = clock.millis();
        long[] times = SyntheticAudio.times(chunk, FRAME);
        s.until = times[times.length - 1] + FRAME;
    }

    /** Dies: the ticker stops at once, open files are dropped without their final chunk. */
    void kill() {
        ScheduledExecutorService t;
        synchronized (this) {
            running = false;
            t = ticker;
            ticker = null;
            for (Session s : sessions.values()) {
                s.writer.abort();
            }
            sessions.clear();
        }
        if (t != null) {
            t.shutdownNow();
        }
        LOG.warn("Media server {} killed", name);
    }

    /** A clean shutdown closes every segment as complete; the managers move the calls elsewhere. */
    void shutdown() {
        List<Session> open;
        synchronized (this) {
            open = new ArrayList<>(sessions.values());
        }
        for (Session s : open) {
            Stopped st = stop(s.recordingId);
            if (st != null) {
                // told like a chunk, so that the manager knows how far the closed file goes
                try {
                    s.progress.flushed(s.recordingId, s.segment, st.chunks(), st.until(), st.bytes());
                } catch (RuntimeException e) {
                    // the control plane stopped first (a restart): the next health round sees the call unserved
                    LOG.warn("Media server {}: the end of recording {} not recorded: {}", name, s.recordingId,
                            e.toString());
                }
            }
        }
        ScheduledExecutorService t;
        synchronized (this) {
            running = false;
            t = ticker;
            ticker = null;
        }
        if (t != null) {
            t.shutdownNow();
        }
        LOG.info("Media server {} stopped", name);
    }
}
