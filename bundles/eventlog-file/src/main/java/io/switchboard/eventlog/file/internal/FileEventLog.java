package io.switchboard.eventlog.file.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.bus.json.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canonical events as JSON lines in {@code events-<UTC date>-<n>.jsonl}, a new file when the
 * current one passes its size, its age, or the UTC date; only the newest {@code keepFiles} stay.
 * Writes are idempotent by (source, seq): the last seq of every source in the kept files is read
 * at start-up, and anything at or before it is skipped, so a replayed batch adds nothing.
 */
public final class FileEventLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileEventLog.class);
    private static final Pattern NAME = Pattern.compile("events-(\\d{4}-\\d{2}-\\d{2})-(\\d+)\\.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final long rotateBytes;
    private final Duration rotateEvery;
    private final int keepFiles;
    private final Clock clock;
    private final Map<String, Long> lastSeqs = new HashMap<>();

    private FileChannel channel;
    private Path current;
    private LocalDate currentDate;
    private Instant opened;
    private long size;

    public FileEventLog(Path directory, long rotateBytes, Duration rotateEvery, int keepFiles, Clock clock)
            throws IOException {
        this.directory = directory;
        this.rotateBytes = rotateBytes;
        this.rotateEvery = rotateEvery;
        this.keepFiles = Math.max(1, keepFiles);
        this.clock = clock;
        Files.createDirectories(directory);
        List<Path> files = files();
        for (Path f : files) {
            readSeqs(f);
        }
        if (!files.isEmpty()) {
            Path newest = files.get(files.size() - 1);
            cutTornTail(newest);
            Matcher m = NAME.matcher(newest.getFileName().toString());
            m.matches();
            if (LocalDate.parse(m.group(1)).equals(today()) && Files.size(newest) < rotateBytes) {
                open(newest, today());
            }
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The log's files, oldest first (by date, then number). */
    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> key(p, 1)).thenComparingLong(p -> Long.parseLong(key(p, 2))))
                    .toList();
        }
    }

    private static String key(Path p, int group) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        m.matches();
        return m.group(group);
    }

    private void readSeqs(Path f) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    lastSeqs.merge(n.path("source").asText(), n.path("seq").asLong(), Math::max);
                } catch (IOException torn) {
                    // a line cut short by a crash: cut off below, its event comes again
                }
            }
        }
    }

    /** A last line without its newline was never reported written; it goes, and comes again. */
    private static void cutTornTail(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
                c.truncate(end);
                c.force(true);
            }
        }
    }

    private void open(Path file, LocalDate date) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        current = file;
        currentDate = date;
        opened = clock.instant();
        size = channel.size();
    }

    private void rotateIfDue(int nextBytes) throws IOException {
        LocalDate date = today();
        boolean due = channel == null || !date.equals(currentDate)
                || (size > 0 && size + nextBytes > rotateBytes)
                || (size > 0 && !clock.instant().isBefore(opened.plus(rotateEvery)));
        if (!due) {
            return;
        }
        if (channel != null) {
            channel.force(true);
            channel.close();
            channel = null;
        }
        long n = 0;
        for (Path p : files()) {
            if (key(p, 1).equals(date.toString())) {
                n = Math.max(n, Long.parseLong(key(p, 2)));
            }
        }
        open(directory.resolve("events-" + date + "-" + (n + 1) + ".jsonl"), date);
        List<Path> all = files();
        for (int i = 0; i < all.size() - keepFiles; i++) {
            if (!all.get(i).equals(current)) {
                Files.deleteIfExists(all.get(i));
                LOG.info("Event log file {} removed (keepFiles={})", all.get(i).getFileName(), keepFiles);
            }
        }
    }

    /** Appends the events not yet in the log and forces them to disk before returning. */
    public synchronized void write(List<CanonicalEvent> batch) throws IOException {
        boolean any = false;
        for (CanonicalEvent e : batch) {
            if (e.seq() <= lastSeqs.getOrDefault(e.source(), 0L)) {
                continue;
            }
            byte[] line = (EventJson.line(e) + "\n").getBytes(StandardCharsets.UTF_8);
            rotateIfDue(line.length);
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                size += channel.write(b);
            }
            // at once, not after the force: a retry after a failed force must not write it twice
            lastSeqs.put(e.source(), e.seq());
            any = true;
        }
        if (any) {
            channel.force(false);
        }
    }

    Path current() {
        return current;
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
