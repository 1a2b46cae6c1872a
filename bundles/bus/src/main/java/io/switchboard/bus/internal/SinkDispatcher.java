package io.switchboard.bus.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.bus.internal.journal.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one event-logger sink from the journal on a thread of its own, so a slow or failing sink
 * holds up neither ingestion nor another sink. Its durable position — the last seq written per
 * source, and the journal place from which nothing is left undelivered — is kept in a small file
 * named after the sink and rewritten after every successful write; delivery is therefore at least
 * once (a crash between a write and that file repeats the write), and sinks skip what they hold.
 */
public final class SinkDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkDispatcher.class);
    private static final int CHUNK_LINES = 2000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final EventLogSink sink;
    private final String name;
    private final Journal journal;
    private final Function<String, CanonicalEvent> parser;
    private final Path positionFile;
    private final Thread thread;
    private volatile boolean running = true;
    private long closeWaitMillis = 10_000;

    private volatile Journal.Cursor cursor;
    private final Map<String, Long> written = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param parser a journal line to its event; null for a line that is not one
     * @param positions the directory of the sinks' position files
     */
    public SinkDispatcher(EventLogSink sink, Journal journal, Function<String, CanonicalEvent> parser,
            Path positions) {
        this.sink = sink;
        this.name = sink.name();
        this.journal = journal;
        this.parser = parser;
        this.positionFile = positions.resolve(fileName(name) + ".position");
        this.thread = new Thread(this::run, "switchboard-eventlog-" + name);
        thread.setDaemon(true);
    }

    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public SinkDispatcher start() {
        try {
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the position of event-logger sink " + name, e);
        }
        thread.start();
        return this;
    }

    private void load() throws IOException {
        if (!Files.isRegularFile(positionFile)) {
            // new to this bus: from the oldest retained event, or only what comes after now
            cursor = sink.startPosition() == StartPosition.NOW ? journal.end() : Journal.Cursor.OLDEST;
            save();
            LOG.info("Event-logger sink {} is new: it starts at {} ({})", name, sink.startPosition(), cursor);
            return;
        }
        cursor = Journal.Cursor.OLDEST;
        for (String line : Files.readAllLines(positionFile, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 3);
            if (f.length == 3 && f[0].equals("cursor")) {
                cursor = new Journal.Cursor(Integer.parseInt(f[1]), Long.parseLong(f[2]));
            } else if (f.length >= 2 && f[0].equals("seq")) {
                int space = line.indexOf(' ', 4);
                written.put(line.substring(space + 1), Long.parseLong(line.substring(4, space)));
            }
        }
        LOG.info("Event-logger sink {} resumes at {}", name, cursor);
    }

    /**
     * Writes the position, unless {@link #close} has returned: a sink stuck in a write past the
     * close's wait, once it returns, must not put its older position over the one of the
     * dispatcher that feeds the sink's next incarnation.
     */
    private synchronized void save() throws IOException {
        if (!running) {
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append("cursor ").append(cursor.segment()).append(' ').append(cursor.offset()).append('\n');
        written.forEach((source, seq) -> b.append("seq ").append(seq).append(' ').append(source).append('\n'));
        Files.createDirectories(positionFile.getParent());
        Path tmp = positionFile.resolveSibling(positionFile.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, positionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void run() {
        while (running) {
            try {
                List<String> lines = new ArrayList<>();
                Journal.Cursor next = journal.read(cursor, CHUNK_LINES, lines::add);
                if (lines.isEmpty()) {
                    if (!next.equals(cursor)) {
                        cursor = next;
                        save();
                    }
                    journal.awaitBeyond(cursor, 500);
                    continue;
                }
                Map<String, List<CanonicalEvent>> bySource = new LinkedHashMap<>();
                for (String line : lines) {
                    CanonicalEvent e = parser.apply(line);
                    if (e != null && e.seq() > written.getOrDefault(e.source(), 0L)) {
                        bySource.computeIfAbsent(e.source(), s -> new ArrayList<>()).add(e);
                    }
                }
                for (List<CanonicalEvent> batch : bySource.values()) {
                    if (!deliver(batch)) {
                        return;
                    }
                }
                cursor = next;
                save();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // the journal or the position file: try again rather than lose the sink's feed
                LOG.warn("Event-logger sink {} cannot go on from {}: {}", name, cursor, e.getMessage());
                if (!pause(1000)) {
                    return;
                }
            }
        }
    }

    /** Writes one source's batch until the sink takes it; false if stopped first. */
    private boolean deliver(List<CanonicalEvent> batch) throws IOException {
        long backoff = 100;
        while (running) {
            try {
                sink.write(batch);
            } catch (Exception e) {
                LOG.warn("Event-logger sink {} failed to write {} events of {}, again in {} ms: {}", name,
                        batch.size(), batch.get(0).source(), backoff, e.getMessage());
                if (!pause(backoff)) {
                    return false;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                continue;
            }
            CanonicalEvent last = batch.get(batch.size() - 1);
            written.merge(last.source(), last.seq(), Math::max);
            save();
            return true;
        }
        return false;
    }

    private synchronized boolean pause(long millis) {
        try {
            if (running) {
                wait(millis);
            }
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    public String name() {
        return name;
    }

    /** From where in the journal the sink still needs events: nothing before this segment. */
    public int neededSegment() {
        return cursor == null ? 0 : cursor.segment();
    }

    /**
     * The journal segment a sink fed no more left its position in, if that position was written
     * less than {@code hold} ago: a sink uninstalled and installed again resumes there, so its
     * segments stay that long. Integer.MAX_VALUE for a position older than that, or unreadable.
     */
    static int neededSegment(Path positionFile, java.time.Duration hold) {
        try {
            if (Files.getLastModifiedTime(positionFile).toMillis() < System.currentTimeMillis() - hold.toMillis()) {
                return Integer.MAX_VALUE;
            }
            for (String line : Files.readAllLines(positionFile, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ", 3);
                if (f.length == 3 && f[0].equals("cursor")) {
                    return Integer.parseInt(f[1]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("Event-logger position {} unreadable, it holds no journal: {}", positionFile,
                    unreadable.getMessage());
        }
        return Integer.MAX_VALUE;
    }

    Path positionFile() {
        return positionFile;
    }

    /** For tests: how long {@link #close} waits for a write in progress. */
    void closeWait(long millis) {
        closeWaitMillis = millis;
    }

    /** Stops feeding the sink; its position stays for when it comes back. */
    @Override
    public void close() {
        // no interrupt: it would close the sink's file channels under its write
        synchronized (this) {
            running = false;
            notifyAll();
        }
        try {
            thread.join(closeWaitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
