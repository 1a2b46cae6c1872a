package io.switchboard.adapter.queuelog.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * {@code tail} reads it and then follows appended lines.
 *
 * <p>Resume: the mapper is stateful (membership, open calls), so every run maps the file from line 1;
 * events whose seq the bus already accepted ({@code seq <= lastSeq(source)}, i.e. lines up to
 * {@code lastSeq / 10}) are dropped instead of sent. In tail mode only complete lines (ended by a
 * newline) are read, so a line being written is not cut in two.
 */
final class QueueLogFileReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueLogFileReader.class);

    enum Mode { TAIL, REPLAY }

    private final Path file;
    private final String source;
    private final Mode mode;
    private final EventIngestService ingest;
    private final QueueLogMapper mapper;
    private final int batchSize;
    private final long pollMillis;
    private final long progressMillis;
    private volatile boolean stopped;
    private long lineNumber;
    private long position;
    private long resumeAfterSeq;
    private long sent;

    QueueLogFileReader(Path file, String tenant, String source, Mode mode, EventIngestService ingest, int batchSize,
            long pollMillis, long progressMillis) {
        this.file = file;
        this.source = source;
        this.mode = mode;
        this.ingest = ingest;
        this.mapper = new QueueLogMapper(tenant, source);
        this.batchSize = Math.max(1, batchSize);
        this.pollMillis = Math.max(10, pollMillis);
        this.progressMillis = progressMillis;
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

    @Override
    public void run() {
        try {
            resumeAfterSeq = mode == Mode.TAIL ? ingest.lastSeq(source) : 0;
            LOG.info("queue_log {} ({}): reading {}{}", source, mode.name().toLowerCase(), file,
                    resumeAfterSeq > 0 ? ", resuming after line " + resumeAfterSeq / 10 : "");
            readLoop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            LOG.error("queue_log {}: reader stopped: {}", source, e.toString(), e);
        } finally {
            LOG.info("queue_log {}: stopped after line {}, {} events sent; {}", source, lineNumber, sent,
                    mapper.stats());
        }
    }

    private void readLoop() throws IOException, InterruptedException {
        List<CanonicalEvent> batch = new ArrayList<>(batchSize);
        ByteArrayOutputStream partial = new ByteArrayOutputStream(256);
        byte[] buf = new byte[64 * 1024];
        long lastProgress = System.currentTimeMillis();
        long linesAtLastProgress = 0;
        while (!stopped) {
            long size;
            try {
                size = Files.size(file);
            } catch (NoSuchFileException e) {
                if (mode == Mode.REPLAY) {
                    throw e;
                }
                LOG.debug("queue_log {}: {} not there yet", source, file);
                Thread.sleep(pollMillis);
                continue;
            }
            if (size < position) {
                // rotated or truncated: line numbers (and so seqs) would start again at 1
                LOG.error("queue_log {}: {} shrank from {} to {} bytes (rotated?); seq = line number cannot go on "
                        + "in this file: configure a new source for the new file", source, file, position, size);
                return;
            }
            if (size > position) {
                try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ)) {
                    in.skipNBytes(position);
                    int n;
                    while (!stopped && (n = in.read(buf)) > 0) {
                        int start = 0;
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                partial.write(buf, start, i - start);
                                line(partial, batch);
                                start = i + 1;
                            }
                        }
                        partial.write(buf, start, n - start);
                        position += n;
                        long now = System.currentTimeMillis();
                        if (progressMillis > 0 && now - lastProgress >= progressMillis) {
                            double rate = (lineNumber - linesAtLastProgress) * 1000.0 / (now - lastProgress);
                            long total = Math.max(size, position);
                            LOG.info("queue_log {}: line {} ({}%), {} lines/s, {} events sent", source, lineNumber,
                                    total == 0 ? 100 : position * 100 / total, Math.round(rate), sent);
                            lastProgress = now;
                            linesAtLastProgress = lineNumber;
                        }
                        if (batch.size() >= batchSize) {
                            flush(batch);
                        }
                    }
                }
            }
            if (mode == Mode.REPLAY) {
                if (partial.size() > 0) {
                    line(partial, batch); // the last line need not end with a newline
                }
                flush(batch);
                LOG.info("queue_log {}: replay of {} done: {} lines, {} events sent; {}", source, file, lineNumber,
                        sent, mapper.stats());
                return;
            }
            flush(batch);
            Thread.sleep(pollMillis);
        }
    }

    private void line(ByteArrayOutputStream bytes, List<CanonicalEvent> batch) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        lineNumber++;
        for (CanonicalEvent e : mapper.map(lineNumber, text)) {
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
