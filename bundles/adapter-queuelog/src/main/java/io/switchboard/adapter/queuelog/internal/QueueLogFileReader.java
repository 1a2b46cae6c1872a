package io.switchboard.adapter.queuelog.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Properties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one queue_log file on a plain thread and feeds its events, in batches, to the
 * {@link EventIngestService}. {@code replay} reads the file from the start to its end and stops;
 * {@code tail} reads it and then follows appended lines, across log rotations.
 *
 * <p>Seq: line number × 10 + k (one line may make several events). A rotated log starts again at
 * line 1, so each file of a tailed log has a generation, and seq = generation × 10<sup>11</sup> +
 * line × 10 + k keeps growing across rotations. Rotation is seen either as a new file under the
 * path (logrotate's rename + create: the old file, still open here, is read to its end first) or
 * as the file shrinking (copytruncate). The generation and the file's identity are kept in a
 * small state file, so a restart resumes in the right generation.
 *
 * <p>Resume: the mapper is stateful (membership, open calls), so every run maps the current file
 * from line 1; events whose seq the bus already accepted ({@code seq <= lastSeq(source)}) are
 * dropped instead of sent. In tail mode only complete lines (ended by a newline) are read, so a
 * line being written is not cut in two.
 */
public final class QueueLogFileReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueLogFileReader.class);

    /** Lines a generation may have before its seqs would reach the next one's. */
    static final long GENERATION_LINES = 10_000_000_000L;

    public enum Mode { TAIL, REPLAY }

    private final Path file;
    private final String source;
    private final Mode mode;
    private final EventIngestService ingest;
    private final QueueLogMapper mapper;
    private final int batchSize;
    private final long pollMillis;
    private final long progressMillis;
    private final Path stateFile;
    private volatile boolean stopped;
    private volatile long lineNumber;
    private volatile long position;
    private volatile long size;
    private volatile long generation;
    private volatile double linesPerSecond;
    private volatile String state = "starting";
    private long resumeAfterSeq;
    private volatile long sent;

    QueueLogFileReader(Path file, String tenant, String source, Mode mode, EventIngestService ingest, int batchSize,
            long pollMillis, long progressMillis) {
        this(file, tenant, source, mode, ingest, batchSize, pollMillis, progressMillis, null);
    }

    /** {@code stateFile}: where a tailed log's generation is kept (null: generation 0 always). */
    QueueLogFileReader(Path file, String tenant, String source, Mode mode, EventIngestService ingest, int batchSize,
            long pollMillis, long progressMillis, Path stateFile) {
        this.file = file;
        this.source = source;
        this.mode = mode;
        this.ingest = ingest;
        this.mapper = new QueueLogMapper(tenant, source);
        this.batchSize = Math.max(1, batchSize);
        this.pollMillis = Math.max(10, pollMillis);
        this.progressMillis = progressMillis;
        this.stateFile = mode == Mode.TAIL ? stateFile : null;
    }

    void stop() {
        stopped = true;
    }

    QueueLogMapper.Stats stats() {
        return mapper.stats();
    }

    long sent() {
        return sent;
    }

    QueueLogProgress progress() {
        return new QueueLogProgress(source, file, mode, state, generation, lineNumber, position, Math.max(size, position),
                linesPerSecond, sent, mapper.stats());
    }

    @Override
    public void run() {
        try {
            resumeAfterSeq = mode == Mode.TAIL ? ingest.lastSeq(source) : 0;
            LOG.info("queue_log {} ({}): reading {}{}", source, mode.name().toLowerCase(), file,
                    resumeAfterSeq > 0 ? ", resuming after line " + resumeAfterSeq % (GENERATION_LINES * 10) / 10
                            + (resumeAfterSeq >= GENERATION_LINES * 10 ? " of generation "
                                    + resumeAfterSeq / (GENERATION_LINES * 10) : "") : "");
            readLoop();
            state = "done";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = "stopped";
        } catch (RuntimeException | IOException e) {
            state = "failed: " + e.getMessage();
            LOG.error("queue_log {}: reader stopped: {}", source, e.toString(), e);
        } finally {
            if (stopped && !state.startsWith("failed")) {
                state = "stopped";
            }
            LOG.info("queue_log {}: stopped after line {}, {} events sent; {}", source, lineNumber, sent,
                    mapper.stats());
        }
    }

    private Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    /** The generation of the file now under the path, from the state file; a new file is the next one. */
    private void loadGeneration(Object key) throws IOException {
        if (stateFile == null || !Files.isRegularFile(stateFile)) {
            saveGeneration(key);
            return;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(stateFile)) {
            p.load(in);
        }
        generation = Long.parseLong(p.getProperty("generation", "0"));
        String known = p.getProperty("fileKey");
        if (key != null && known != null && !known.equals(key.toString())) {
            generation++;
            LOG.warn("queue_log {}: {} was rotated while not tailed: generation {} starts; lines the old file got "
                    + "after it was last read are not in this feed", source, file, generation);
            saveGeneration(key);
        }
    }

    private void saveGeneration(Object key) throws IOException {
        if (stateFile == null) {
            return;
        }
        Files.createDirectories(stateFile.toAbsolutePath().getParent());
        Properties p = new Properties();
        p.setProperty("generation", Long.toString(generation));
        if (key != null) {
            p.setProperty("fileKey", key.toString());
        }
        p.setProperty("file", file.toString());
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "queue_log reader state of source " + source);
        }
        Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void readLoop() throws IOException, InterruptedException {
        List<CanonicalEvent> batch = new ArrayList<>(batchSize);
        ByteArrayOutputStream partial = new ByteArrayOutputStream(256);
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long[] lastProgress = {System.currentTimeMillis(), 0};
        FileChannel channel = null;
        Object key = null;
        try {
            while (!stopped) {
                if (channel == null) {
                    try {
                        channel = FileChannel.open(file, StandardOpenOption.READ);
                        key = fileKey(file);
                    } catch (NoSuchFileException e) {
                        if (mode == Mode.REPLAY) {
                            throw e;
                        }
                        state = "waiting for the file";
                        Thread.sleep(pollMillis);
                        continue;
                    }
                    if (mode == Mode.TAIL) {
                        loadGeneration(key);
                    }
                }
                state = "reading";
                size = channel.size();
                if (size < position || !head.isEmpty() && !head.same(head(channel, head.length()))) {
                    // copytruncate: the same file, emptied (and maybe written again past where we were)
                    LOG.info("queue_log {}: {} was truncated by a log rotation after line {}", source, file,
                            lineNumber);
                    nextGeneration(batch, partial, key);
                }
                drain(channel, buf, partial, batch, lastProgress);
                if (mode == Mode.REPLAY) {
                    if (partial.size() > 0) {
                        line(partial, batch); // the last line need not end with a newline
                    }
                    flush(batch);
                    LOG.info("queue_log {}: replay of {} done: {} lines, {} events sent; {}", source, file,
                            lineNumber, sent, mapper.stats());
                    return;
                }
                flush(batch);
                Object now;
                try {
                    now = fileKey(file);
                } catch (NoSuchFileException e) {
                    now = key; // between logrotate's rename and create: wait for the new file
                }
                if (key != null && now != null && !now.equals(key)) {
                    // rename + create: finish the old file (still open here), then take the new one
                    drain(channel, buf, partial, batch, lastProgress);
                    flush(batch);
                    LOG.info("queue_log {}: {} was rotated after line {}; following the new file", source, file,
                            lineNumber);
                    channel.close();
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                    key = fileKey(file);
                    nextGeneration(batch, partial, key);
                    continue;
                }
                state = "following";
                Thread.sleep(pollMillis);
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** The file's first bytes as read: a file truncated and written again has other ones. */
    private Head head = Head.EMPTY;

    private record Head(byte[] bytes) {
        static final Head EMPTY = new Head(new byte[0]);

        boolean isEmpty() {
            return bytes.length == 0;
        }

        int length() {
            return bytes.length;
        }

        boolean same(Head other) {
            return java.util.Arrays.equals(bytes, other.bytes);
        }
    }

    private static Head head(FileChannel channel, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // a short read: go on
        }
        return new Head(java.util.Arrays.copyOf(b.array(), b.position()));
    }

    private void nextGeneration(List<CanonicalEvent> batch, ByteArrayOutputStream partial, Object key)
            throws IOException, InterruptedException {
        flush(batch);
        partial.reset();
        head = Head.EMPTY;
        generation++;
        lineNumber = 0;
        position = 0;
        saveGeneration(key);
    }

    /** Reads what the channel has past {@code position}, line by line. */
    private void drain(FileChannel channel, ByteBuffer buf, ByteArrayOutputStream partial, List<CanonicalEvent> batch,
            long[] lastProgress) throws IOException, InterruptedException {
        int n;
        while (!stopped && (n = channel.read(buf.clear(), position)) > 0) {
            byte[] a = buf.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (a[i] == '\n') {
                    partial.write(a, start, i - start);
                    line(partial, batch);
                    start = i + 1;
                }
            }
            partial.write(a, start, n - start);
            if (head.length() < 64 && position < 64) {
                head = head(channel, (int) Math.min(64, position + n));
            }
            position += n;
            long now = System.currentTimeMillis();
            if (now - lastProgress[0] >= 1000) {
                linesPerSecond = (lineNumber - lastProgress[1]) * 1000.0 / (now - lastProgress[0]);
                if (progressMillis > 0 && now - lastProgress[0] >= progressMillis) {
                    QueueLogProgress p = progress();
                    LOG.info("queue_log {}: line {} ({}%), {} lines/s, {} events sent", source, lineNumber,
                            p.percent(), Math.round(linesPerSecond), sent);
                }
                lastProgress[0] = now;
                lastProgress[1] = lineNumber;
            }
            if (batch.size() >= batchSize) {
                flush(batch);
            }
        }
    }

    private void line(ByteArrayOutputStream bytes, List<CanonicalEvent> batch) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        lineNumber++;
        for (CanonicalEvent e : mapper.map(generation * GENERATION_LINES + lineNumber, text)) {
            if (e.seq() > resumeAfterSeq) {
                batch.add(e);
            }
        }
    }

    /** Sends the batch; retries while the bus refuses it (it is idempotent by seq). */
    private void flush(List<CanonicalEvent> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        long backoff = 500;
        while (true) {
            try {
                IngestResult r = ingest.ingest(List.copyOf(batch));
                sent += r.accepted();
                if (!r.rejected().isEmpty()) {
                    LOG.warn("queue_log {}: {} events rejected by the bus, first: {}", source, r.rejected().size(),
                            r.rejected().get(0));
                }
                batch.clear();
                return;
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                LOG.warn("queue_log {}: bus refused a batch ({}); retrying in {} ms", source, e.toString(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }
}
