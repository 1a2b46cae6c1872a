package io.switchboard.bus.internal;

import io.switchboard.api.config.ConfigurationService;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventRules;
import io.switchboard.api.event.EventSink;
import io.switchboard.api.event.IngestResult;
import io.switchboard.bus.json.EventJson;
import io.switchboard.bus.internal.journal.Journal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the ingest route as plain code: validate, de-duplicate by (source, seq), apply
 * to the sinks. The route strings them together; tests call them directly.
 */
final class IngestPipeline {

    /** Rejected events are logged here with their reason; a log appender can file them apart. */
    static final Logger DEAD_LETTER = LoggerFactory.getLogger("io.switchboard.deadletter");
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    /** Events per call to the sinks while replaying: large, the fewer grid operations. */
    private static final int REPLAY_BATCH = 4000;

    private final EventParser parser;
    private final SourceRegistry sources;
    private final Supplier<List<EventSink>> sinks;
    private final Supplier<ConfigurationService> config;
    private final Journal journal;
    private volatile Committer committer;
    /**
     * Whether acks wait for the apply: true while other members share the grid. A member that
     * dies takes its journal and its apply queue with it, so in a cluster an event is
     * acknowledged (and the source's shared position, which a resume on another node starts
     * from, moves) only once the engine holds it, with the grid's synchronous backups on another
     * member. Alone, the journal is what survives a crash, and acks come at its speed.
     */
    private volatile java.util.function.BooleanSupplier ackAfterApply = () -> false;

    IngestPipeline(EventParser parser, SourceRegistry sources, Supplier<List<EventSink>> sinks,
            Supplier<ConfigurationService> config) {
        this(parser, sources, sinks, config, null);
    }

    /** With a journal, accepted events are made durable before they are applied and answered. */
    IngestPipeline(EventParser parser, SourceRegistry sources, Supplier<List<EventSink>> sinks,
            Supplier<ConfigurationService> config, Journal journal) {
        this.parser = parser;
        this.sources = sources;
        this.sinks = sinks;
        this.config = config;
        this.journal = journal;
    }

    /**
     * Starts the writer and applier threads; call after {@link #replay}. Limits: bytes per
     * journal commit, events per call to the sinks, events accepted but not yet applied.
     */
    void start(int maxCommitBytes, int maxApplyBatch, int maxPendingEvents) {
        committer = new Committer(journal, sinks, this::durable, this::applied, this::notApplied, maxCommitBytes,
                maxApplyBatch, maxPendingEvents);
    }

    /** See {@link #ackAfterApply}. */
    void ackAfterApply(java.util.function.BooleanSupplier when) {
        this.ackAfterApply = when;
    }

    /** Writes and applies what was accepted, then stops the threads. */
    void stop() {
        Committer c = committer;
        if (c != null) {
            c.close();
        }
    }

    Committer committer() {
        return committer;
    }

    private void durable(Committer.Group g) {
        if (!g.ackAfterApply) {
            sources.advance(g.source, g.lastSeq);
        }
        for (CanonicalEvent e : g.events) {
            sources.countAccepted(e);
        }
    }

    /** Not acknowledged: the source may send those seqs again, and they must not count as duplicates. */
    private void notApplied(Committer.Group g) {
        synchronized (sources.lock(g.source)) {
            sources.unreserve(g.source);
        }
    }

    private void applied(Committer.Group g) {
        if (g.ackAfterApply) {
            sources.advance(g.source, g.lastSeq);
        }
    }

    /**
     * Rebuilds the engine from the journal (a fresh cluster after a restart): every journaled
     * event after {@code applied} (what the engine's snapshot holds, per source) goes to the
     * sinks again, in order, and each source's last seq is restored. Returns the number of
     * events replayed.
     */
    long replay(Map<String, Long> applied) {
        if (journal == null) {
            return 0;
        }
        java.util.Map<String, Long> last = new java.util.HashMap<>(applied);
        List<CanonicalEvent> batch = new ArrayList<>(REPLAY_BATCH);
        long[] count = {0};
        long[] read = {0, 0};
        long total = journal.size();
        long started = System.currentTimeMillis();
        long[] nextLog = {started + 5000};
        journal.replay(line -> {
            read[0]++;
            read[1] += line.length() + 1;
            if (System.currentTimeMillis() >= nextLog[0]) {
                nextLog[0] += 5000;
                long ms = Math.max(1, System.currentTimeMillis() - started);
                LOG.info("Journal replay: {} lines read ({}%), {} events replayed, {} lines/s", read[0],
                        total == 0 ? 100 : Math.min(100, read[1] * 100 / total), count[0], read[0] * 1000 / ms);
            }
            EventParser.Parsed p = parser.parse(line);
            if (p.event() == null) {
                DEAD_LETTER.warn("journal line not replayed: {} -- {}", p.error(), line);
                return;
            }
            CanonicalEvent e = p.event();
            if (e.seq() <= last.getOrDefault(e.source(), 0L)) {
                return;
            }
            last.put(e.source(), e.seq());
            batch.add(e);
            if (batch.size() == REPLAY_BATCH) {
                applyToSinks(batch);
                count[0] += batch.size();
                batch.clear();
            }
        });
        applyToSinks(batch);
        count[0] += batch.size();
        for (java.util.Map.Entry<String, Long> e : last.entrySet()) {
            sources.advance(e.getKey(), e.getValue());
        }
        return count[0];
    }

    private void applyToSinks(List<CanonicalEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (EventSink sink : sinks.get()) {
            sink.accept(new ArrayList<>(events));
        }
    }

    SourceRegistry sources() {
        return sources;
    }

    Batch parse(List<String> lines) {
        return parse(lines, null);
    }

    /** Parses a batch; with {@code requiredSource}, events of any other source are rejected. */
    Batch parse(List<String> lines, String requiredSource) {
        Batch batch = new Batch();
        StrictTenants strict = new StrictTenants(config.get());
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line == null || line.isBlank()) {
                continue;
            }
            EventParser.Parsed p = parser.parse(line);
            if (p.error() != null) {
                reject(batch, lineNo, p.error(), p.source(), p.seq(), line);
            } else if (requiredSource != null && !requiredSource.equals(p.event().source())) {
                reject(batch, lineNo, "field 'source' is '" + p.event().source() + "' but this connection is for '"
                        + requiredSource + "'", requiredSource, p.event().seq(), line);
            } else {
                String notConfigured = strict.check(p.event());
                if (notConfigured != null) {
                    reject(batch, lineNo, notConfigured, p.event().source(), p.event().seq(), line);
                } else {
                    batch.valid.add(p.event());
                    batch.validLines.add(lineNo);
                    // JSON may hold line breaks as whitespace; the journal keeps one event a line
                    batch.raw.add(line.indexOf('\r') < 0 && line.indexOf('\n') < 0 ? line : null);
                }
            }
        }
        return batch;
    }

    Batch check(List<CanonicalEvent> events) {
        Batch batch = new Batch();
        StrictTenants strict = new StrictTenants(config.get());
        int lineNo = 0;
        for (CanonicalEvent e : events) {
            lineNo++;
            String error = EventRules.check(e);
            if (error == null) {
                error = strict.check(e);
            }
            if (error != null) {
                reject(batch, lineNo, error, e.source(), e.seq(), String.valueOf(e));
            } else {
                batch.valid.add(e);
                batch.validLines.add(lineNo);
                batch.raw.add(null);
            }
        }
        return batch;
    }

    private void reject(Batch batch, int lineNo, String error, String source, Long seq, String line) {
        batch.rejected.add(new IngestResult.Rejection(lineNo, error, seq));
        sources.countRejected(source);
        DEAD_LETTER.warn("rejected line {}: {} -- {}", lineNo, error, line);
    }

    /**
     * Takes the batch's new events — source by source under that source's lock, so seq order
     * holds across concurrent callers — into the journal and on to the sinks, and returns once
     * they are durable, and with {@code awaitApplied} once they are applied too.
     */
    void apply(Batch batch, boolean awaitApplied) {
        Committer c = committer;
        if (c == null) {
            throw new IllegalStateException("the event bus is not started");
        }
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < batch.valid.size(); i++) {
            bySource.computeIfAbsent(batch.valid.get(i).source(), s -> new ArrayList<>()).add(i);
        }
        List<Committer.Group> groups = new ArrayList<>(bySource.size());
        boolean afterApply = ackAfterApply.getAsBoolean();
        for (Map.Entry<String, List<Integer>> group : bySource.entrySet()) {
            String source = group.getKey();
            synchronized (sources.lock(source)) {
                long last = sources.reserved(source);
                List<CanonicalEvent> fresh = new ArrayList<>(group.getValue().size());
                List<String> lines = new ArrayList<>(group.getValue().size());
                for (int i : group.getValue()) {
                    CanonicalEvent e = batch.valid.get(i);
                    if (e.seq() <= last) {
                        batch.duplicates++;
                        sources.countDuplicate(source);
                    } else {
                        fresh.add(e);
                        String raw = batch.raw.get(i);
                        lines.add(raw != null ? raw : EventJson.line(e));
                        last = e.seq();
                    }
                }
                if (fresh.isEmpty()) {
                    continue;
                }
                groups.add(c.submit(source, fresh, lines, last, afterApply));
                sources.reserve(source, last);
            }
        }
        for (Committer.Group g : groups) {
            await(awaitApplied || g.ackAfterApply ? g.applied : g.durable);
            batch.accepted.addAll(g.events);
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }
}
