package io.switchboard.bus.internal.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The durable log of accepted events: append-only segment files of one JSON event per line,
 * forced to disk once per appended batch (a batch is what one request or one TCP flush brings,
 * so the cost of a sync is shared by its events). Plain text on purpose: any tool can read it,
 * and replaying it goes through the same parser as the live feed.
 */
public final class Journal implements CommitLog, AutoCloseable {

    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".ndjson";
    /** Beside each closed segment: the last seq of every source in it, so truncation need not read it. */
    private static final String INDEX = ".last-seqs";

    private final Path directory;
    private final long segmentBytes;
    private final boolean force;
    private FileChannel channel;
    private long written;
    private int segment;
    /** Just past the last line {@link #force} made durable: what readers may see. */
    private Cursor durable;
    /** The last seq of each source in the open segment. */
    private final java.util.Map<String, Long> lastSeqs = new java.util.HashMap<>();

    public Journal(Path directory, long segmentBytes, boolean force) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.force = force;
        try {
            Files.createDirectories(directory);
            List<Path> existing = segments();
            segment = existing.isEmpty() ? 1 : number(existing.get(existing.size() - 1));
            open(segment);
            cutTornTail();
            durable = new Cursor(segment, written);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + directory, e);
        }
    }

    private void open(int n) throws IOException {
        Path file = file(n);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        written = channel.size();
    }

    /**
     * A last line without its newline was cut short (a torn write: power loss, full disk) and
     * never acknowledged. It is cut off, or the next append would share its line and be lost
     * with it at the next replay.
     */
    private void cutTornTail() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(8192);
        try (FileChannel reader = FileChannel.open(file(segment), StandardOpenOption.READ)) {
            long end = size;
            while (end > 0) {
                long from = Math.max(0, end - b.capacity());
                b.clear().limit((int) (end - from));
                while (b.hasRemaining() && reader.read(b, from + b.position()) > 0) {
                    // a short read: go on
                }
                for (int i = b.position() - 1; i >= 0; i--) {
                    if (b.get(i) == '\n') {
                        truncateTo(from + i + 1, size);
                        return;
                    }
                }
                end = from;
            }
        }
        truncateTo(0, size);
    }

    private void truncateTo(long length, long size) throws IOException {
        if (length < size) {
            channel.truncate(length);
            channel.force(true);
            written = length;
        }
    }

    private static int number(Path p) {
        String name = p.getFileName().toString();
        return Integer.parseInt(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    /** The segment files, oldest first. */
    List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted().toList();
        }
    }

    /** Appends one batch of event lines and makes them durable before returning. */
    public synchronized void append(List<String> lines) {
        append(lines, java.util.Map.of());
    }

    /**
     * Appends one commit of event lines and makes them durable before returning; {@code lastSeqs}
     * says which sources they are of and how far they go (for truncation).
     */
    public synchronized void append(List<String> lines, java.util.Map<String, Long> commitLastSeqs) {
        write(lines, commitLastSeqs);
        force();
    }

    /**
     * Writes one commit of event lines to the file, not yet forced: they survive the death of
     * this process but not of the machine, and readers do not see them until {@link #force}.
     */
    @Override
    public synchronized void write(List<String> lines, java.util.Map<String, Long> commitLastSeqs) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(lines.size() * 200);
        for (String line : lines) {
            b.append(line).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
        try {
            if (written > 0 && written + bytes.remaining() > segmentBytes) {
                channel.force(true);
                channel.close();
                writeIndex(segment, lastSeqs);
                lastSeqs.clear();
                open(++segment);
            }
            while (bytes.hasRemaining()) {
                written += channel.write(bytes);
            }
            commitLastSeqs.forEach((source, seq) -> lastSeqs.merge(source, seq, Math::max));
        } catch (IOException e) {
            throw new UncheckedIOException("journal write failed in " + directory, e);
        }
    }

    /** Makes everything written so far durable (when the journal forces) and visible to readers. */
    @Override
    public synchronized void force() {
        try {
            if (force && !durable.equals(new Cursor(segment, written))) {
                channel.force(false);
            }
            durable = new Cursor(segment, written);
            // event-logger sinks wait in awaitBeyond for what was just made durable
            notifyAll();
        } catch (IOException e) {
            throw new UncheckedIOException("journal write failed in " + directory, e);
        }
    }

    /** A place in the journal: a segment and a byte offset in it (always at the start of a line). */
    public record Cursor(int segment, long offset) {
        /** Before everything: a read from it starts at the oldest retained segment. */
        public static final Cursor OLDEST = new Cursor(0, 0);
    }

    /** Just past the last durable line (forced, when the journal forces). */
    public synchronized Cursor end() {
        return durable;
    }

    /** Waits at most {@code millis} for lines to be appended past {@code seen}. */
    public synchronized void awaitBeyond(Cursor seen, long millis) throws InterruptedException {
        if (end().equals(seen)) {
            wait(millis);
        }
    }

    /**
     * Reads at most {@code maxLines} whole lines from {@code from}, never past what was appended,
     * and returns where the next read goes on. A cursor into a segment that truncation has deleted
     * goes on at the oldest retained segment.
     */
    public Cursor read(Cursor from, int maxLines, Consumer<String> lines) {
        Cursor end = end();
        try {
            List<Path> existing = segments();
            if (existing.isEmpty()) {
                return from;
            }
            int oldest = number(existing.get(0));
            Cursor at = from.segment() < oldest ? new Cursor(oldest, 0) : from;
            if (at.segment() > end.segment() || (at.segment() == end.segment() && at.offset() > end.offset())) {
                // past the end: an unforced tail was cut at start-up; the segment is read again
                // from its start, and readers skip by seq what they have already had
                at = new Cursor(Math.min(at.segment(), end.segment()), 0);
            }
            int n = 0;
            while (n < maxLines) {
                Path p = file(at.segment());
                boolean closed = at.segment() < end.segment();
                long limit = closed ? (Files.exists(p) ? Files.size(p) : 0) : end.offset();
                if (at.offset() >= limit) {
                    if (!closed) {
                        return at;
                    }
                    at = new Cursor(at.segment() + 1, 0);
                    continue;
                }
                long offset = at.offset();
                try (FileChannel reader = FileChannel.open(p, StandardOpenOption.READ)) {
                    ByteBuffer b = ByteBuffer.allocate((int) Math.min(limit - offset, 1 << 20));
                    while (b.hasRemaining() && reader.read(b, offset + b.position()) > 0) {
                        // a short read: go on
                    }
                    byte[] bytes = b.array();
                    int start = 0;
                    for (int i = 0; i < b.position() && n < maxLines; i++) {
                        if (bytes[i] == '\n') {
                            String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                            if (!text.isBlank()) {
                                lines.accept(text);
                                n++;
                            }
                            start = i + 1;
                        }
                    }
                    if (start == 0) {
                        // no whole line in the buffer: only a line longer than the buffer does that
                        throw new IOException("a journal line longer than " + b.capacity() + " bytes at " + at);
                    }
                    at = new Cursor(at.segment(), offset + start);
                }
            }
            return at;
        } catch (IOException e) {
            throw new UncheckedIOException("journal read failed in " + directory, e);
        }
    }

    /**
     * Reads every journaled line in order. A last line cut short by a crash (no newline) is
     * left out: it was never acknowledged.
     */
    public void replay(Consumer<String> lines) {
        try {
            for (Path p : segments()) {
                // streamed: a segment is tens of megabytes, and a restart must not need them in memory
                try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
                    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
                    int b;
                    while ((b = in.read()) >= 0) {
                        if (b == '\n') {
                            String text = line.toString(StandardCharsets.UTF_8);
                            line.reset();
                            if (!text.isBlank()) {
                                lines.accept(text);
                            }
                        } else {
                            line.write(b);
                        }
                    }
                    // what is left has no newline: cut short by a crash, never acknowledged
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal read failed in " + directory, e);
        }
    }

    /** Bytes in all segments (for replay progress). */
    public long size() {
        try {
            long total = 0;
            for (Path p : segments()) {
                total += Files.size(p);
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(int n) {
        return directory.resolve(String.format("%s%06d%s", PREFIX, n, SUFFIX));
    }

    private void writeIndex(int n, java.util.Map<String, Long> seqs) throws IOException {
        StringBuilder b = new StringBuilder();
        seqs.forEach((source, seq) -> b.append(seq).append(' ').append(source).append('\n'));
        Files.writeString(directory.resolve(String.format("%s%06d%s", PREFIX, n, INDEX)), b);
    }

    /** The last seq of every source in a closed segment: from its index, else by reading it. */
    private java.util.Map<String, Long> lastSeqsOf(Path segmentFile,
            java.util.function.Function<String, io.switchboard.api.event.CanonicalEvent> parser) throws IOException {
        String name = segmentFile.getFileName().toString();
        Path index = segmentFile.resolveSibling(name.substring(0, name.length() - SUFFIX.length()) + INDEX);
        java.util.Map<String, Long> seqs = new java.util.HashMap<>();
        if (Files.isRegularFile(index)) {
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    seqs.merge(line.substring(space + 1), Long.parseLong(line.substring(0, space)), Math::max);
                }
            }
            return seqs;
        }
        try (Stream<String> lines = Files.lines(segmentFile, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                io.switchboard.api.event.CanonicalEvent e = line.isBlank() ? null : parser.apply(line);
                if (e != null) {
                    seqs.merge(e.source(), e.seq(), Math::max);
                }
            });
        }
        return seqs;
    }

    /**
     * Deletes the closed segments whose every event is at or before {@code kept} for its source
     * (what a snapshot holds); the open segment always stays. Returns how many were deleted.
     */
    public synchronized int truncate(java.util.Map<String, Long> kept,
            java.util.function.Function<String, io.switchboard.api.event.CanonicalEvent> parser) {
        return truncate(kept, Integer.MAX_VALUE, parser);
    }

    /**
     * As {@link #truncate(java.util.Map, java.util.function.Function)}, keeping besides every segment
     * numbered {@code keepFrom} or later (what an event-logger sink has not read past yet).
     */
    public synchronized int truncate(java.util.Map<String, Long> kept, int keepFrom,
            java.util.function.Function<String, io.switchboard.api.event.CanonicalEvent> parser) {
        if (kept.isEmpty()) {
            return 0;
        }
        int deleted = 0;
        try {
            for (Path p : segments()) {
                if (number(p) >= segment || number(p) >= keepFrom) {
                    break;
                }
                boolean covered = true;
                for (java.util.Map.Entry<String, Long> e : lastSeqsOf(p, parser).entrySet()) {
                    if (e.getValue() > kept.getOrDefault(e.getKey(), 0L)) {
                        covered = false;
                        break;
                    }
                }
                if (!covered) {
                    // segments are in order: a later one holds later events of the same sources
                    break;
                }
                String name = p.getFileName().toString();
                Files.deleteIfExists(p.resolveSibling(name.substring(0, name.length() - SUFFIX.length()) + INDEX));
                Files.delete(p);
                deleted++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal truncation failed in " + directory, e);
        }
        return deleted;
    }

    public boolean isEmpty() {
        try {
            for (Path p : segments()) {
                if (Files.size(p) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For tests and the shell: how many segment files there are. */
    int segmentCount() {
        try {
            return segments().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> all(Journal j) {
        List<String> out = new ArrayList<>();
        j.replay(out::add);
        return out;
    }
}
