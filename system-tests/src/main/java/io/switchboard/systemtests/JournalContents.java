package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the journal files of a server directory hold (data/journal/segment-NNNNNN.ndjson, one
 * canonical event per line): which (source, seq) pairs, read with nothing but the file format.
 */
public final class JournalContents {

    private final Map<String, BitSet> seqs = new TreeMap<>();
    private long lines;
    private long duplicates;
    private long unreadable;
    private final List<Path> files = new ArrayList<>();
    /** Journal segments, which the server truncates; an event log's files are all kept here. */
    private final boolean journal;
    /** Filled by {@link #add} (a database's rows, a queue's messages), not from files. */
    private boolean tally;

    private JournalContents(boolean journal) {
        this.journal = journal;
    }

    public static JournalContents read(Path journalDirectory) throws IOException {
        return read(journalDirectory, true, ".ndjson");
    }

    /**
     * What the file event logger's files hold (data/eventlog/events-DATE-N.jsonl by default, the
     * same canonical lines as the journal), read with nothing but the file format.
     */
    public static JournalContents readEventLog(Path directory) throws IOException {
        return read(directory, false, ".jsonl");
    }

    /**
     * Starts an empty tally for a sink that is not files (a database's rows, a queue's messages):
     * {@link #add} each (source, seq) it holds.
     */
    public static JournalContents tally() {
        JournalContents c = new JournalContents(false);
        c.tally = true;
        return c;
    }

    /** One more (source, seq) found in a sink; one already added counts as a duplicate. */
    public JournalContents add(String source, long seq) {
        lines++;
        BitSet b = seqs.computeIfAbsent(source, s -> new BitSet());
        if (b.get((int) seq)) {
            duplicates++;
        }
        b.set((int) seq);
        return this;
    }

    private static JournalContents read(Path directory, boolean journal, String suffix) throws IOException {
        JournalContents c = new JournalContents(journal);
        if (!Files.isDirectory(directory)) {
            return c;
        }
        try (Stream<Path> list = Files.list(directory)) {
            c.files.addAll(list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList());
        }
        for (Path p : c.files) {
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode n = Http.JSON.readTree(line);
                        String source = n.get("source").asText();
                        long seq = n.get("seq").asLong();
                        c.add(source, seq);
                    } catch (IOException | RuntimeException e) {
                        // a line cut short by a crash is allowed at the very end of a file
                        c.lines++;
                        c.unreadable++;
                    }
                }
            }
        }
        return c;
    }

    /**
     * Whether the oldest segments are gone: the server drops closed segments that its snapshot
     * (the pool's backup) holds, so only what follows the snapshot must still be here.
     */
    public boolean truncated() {
        return journal && !files.isEmpty() && !files.get(0).getFileName().toString().equals("segment-000001.ndjson");
    }

    /**
     * The seqs of {@code source} up to {@code upTo} that are not in the journal: from 1, or,
     * once the journal was truncated, from the first seq still journaled for the source.
     */
    public List<Long> missing(String source, long upTo) {
        BitSet b = seqs.getOrDefault(source, new BitSet());
        List<Long> out = new ArrayList<>();
        int from = truncated() && b.nextSetBit(1) > 0 ? b.nextSetBit(1) : 1;
        for (int s = b.nextClearBit(from); s <= upTo; s = b.nextClearBit(s + 1)) {
            out.add((long) s);
        }
        return out;
    }

    public long count(String source) {
        BitSet b = seqs.get(source);
        return b == null ? 0 : b.cardinality();
    }

    public long lines() {
        return lines;
    }

    /** Lines whose (source, seq) was already journaled earlier. */
    public long duplicates() {
        return duplicates;
    }

    public long unreadable() {
        return unreadable;
    }

    public List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public String toString() {
        if (tally) {
            return lines + " event(s) of " + seqs.size() + " source(s), " + duplicates + " duplicate(s)";
        }
        return lines + " lines in " + files.size() + (journal ? " segment(s)" : " file(s)")
                + (truncated() ? " (truncated)" : "") + ", "
                + duplicates + " duplicate(s), " + unreadable + " unreadable";
    }
}
