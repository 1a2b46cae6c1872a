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
public final class Journal implements AutoCloseable {

    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".ndjson";

    private final Path directory;
    private final long segmentBytes;
    private final boolean force;
    private FileChannel channel;
    private long written;
    private int segment;

    public Journal(Path directory, long segmentBytes, boolean force) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.force = force;
        try {
            Files.createDirectories(directory);
            List<Path> existing = segments();
            segment = existing.isEmpty() ? 1 : number(existing.get(existing.size() - 1));
            open(segment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + directory, e);
        }
    }

    private void open(int n) throws IOException {
        Path file = directory.resolve(String.format("%s%06d%s", PREFIX, n, SUFFIX));
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        written = channel.size();
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
                open(++segment);
            }
            while (bytes.hasRemaining()) {
                written += channel.write(bytes);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal write failed in " + directory, e);
        }
    }

    /**
     * Reads every journaled line in order. A last line cut short by a crash (no newline) is
     * left out: it was never acknowledged.
     */
    public void replay(Consumer<String> lines) {
        try {
            for (Path p : segments()) {
                String content = Files.readString(p, StandardCharsets.UTF_8);
                int end = content.lastIndexOf('\n');
                if (end < 0) {
                    continue;
                }
                try (BufferedReader r = new BufferedReader(new java.io.StringReader(content.substring(0, end + 1)))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (!line.isBlank()) {
                            lines.accept(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal read failed in " + directory, e);
        }
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
