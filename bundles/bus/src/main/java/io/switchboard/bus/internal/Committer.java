package io.switchboard.bus.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventSink;
import io.switchboard.bus.internal.journal.CommitLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes accepted events durable and then applies them, on two threads of its own.
 *
 * <p>The writer takes every group waiting when it comes round, writes them with one write and
 * forces the journal once (group commit: while one sync runs, the next commit fills up, so the
 * cost of a sync is shared by as many events as arrived meanwhile, up to {@code maxCommitBytes}).
 * A group is durable — and may be acknowledged — once its commit is forced. The applier hands
 * written events to the sinks in journal order while that force runs, in batches as large as have
 * piled up, so that a fast feed does not wait for the engine nor a notification for the disk:
 * sources see acks at the speed of the disk, and the engine catches up behind. How far it may lag is bounded ({@code maxPendingEvents});
 * past that, submitters wait, which pauses reading on their connections.
 *
 * <p>A journal write that fails stops the committer for good: the events behind it could not be
 * made durable in order, and accepting later ones would leave a hole that a resume skips over.
 * Every later batch is refused naming the failure (and {@code switchboard:status} shows it);
 * restarting the bus starts from what is durable.
 */
public final class Committer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    /** One source's fresh events from one batch, on their way to disk and to the sinks. */
    static final class Group {
        final String source;
        final List<CanonicalEvent> events;
        final List<String> lines;
        final long lastSeq;
        /** Acknowledged, and its source's shared position moved, once applied rather than durable. */
        final boolean ackAfterApply;
        final CompletableFuture<Void> durable = new CompletableFuture<>();
        final CompletableFuture<Void> applied = new CompletableFuture<>();
        private int permits;
        private int bytes;

        Group(String source, List<CanonicalEvent> events, List<String> lines, long lastSeq, boolean ackAfterApply) {
            this.source = source;
            this.events = events;
            this.lines = lines;
            this.lastSeq = lastSeq;
            this.ackAfterApply = ackAfterApply;
        }
    }

    private final CommitLog journal;
    private final Supplier<List<EventSink>> sinks;
    private final Consumer<Group> onDurable;
    private final Consumer<Group> onApplied;
    private final Consumer<Group> onNotApplied;
    private final int maxCommitBytes;
    private final int maxApplyBatch;
    private final int maxPendingEvents;
    private final Semaphore room;
    private final LinkedBlockingQueue<Group> toWrite = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Group> toApply = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Thread applier;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    // counters for the status command and the load figures
    private volatile long commits;
    private volatile long committedEvents;
    private long appliedEvents;
    private final Object appliedMonitor = new Object();

    /**
     * @param journal where events become durable; null: no journal (durable means accepted)
     * @param onDurable told of each group once it is durable, in commit order, before it is applied
     * @param onApplied told of each group once it is applied, in commit order, before its future completes
     * @param onNotApplied told of a group acknowledged only once applied that the engine did not take whole
     */
    Committer(CommitLog journal, Supplier<List<EventSink>> sinks, Consumer<Group> onDurable, Consumer<Group> onApplied,
            Consumer<Group> onNotApplied, int maxCommitBytes, int maxApplyBatch, int maxPendingEvents) {
        this.journal = journal;
        this.sinks = sinks;
        this.onDurable = onDurable;
        this.onApplied = onApplied;
        this.onNotApplied = onNotApplied;
        this.maxCommitBytes = maxCommitBytes;
        this.maxApplyBatch = maxApplyBatch;
        this.maxPendingEvents = maxPendingEvents;
        this.room = new Semaphore(maxPendingEvents);
        writer = new Thread(this::writeLoop, "switchboard-journal-writer");
        applier = new Thread(this::applyLoop, "switchboard-applier");
        writer.setDaemon(true);
        applier.setDaemon(true);
        writer.start();
        applier.start();
    }

    /**
     * Queues a group behind every group submitted before it. Blocks while the engine lags by
     * more than the configured number of events. Callers submit under their source's lock, so a
     * source's groups reach the journal and the sinks in seq order.
     */
    Group submit(String source, List<CanonicalEvent> events, List<String> lines, long lastSeq) {
        return submit(source, events, lines, lastSeq, false);
    }

    /** As {@link #submit(String, List, List, long)}; see {@link Group#ackAfterApply}. */
    Group submit(String source, List<CanonicalEvent> events, List<String> lines, long lastSeq, boolean ackAfterApply) {
        RuntimeException failed = failure;
        if (failed != null) {
            throw new IllegalStateException("the journal failed; no event is accepted until the bus restarts: "
                    + failed.getMessage(), failed);
        }
        if (!running) {
            throw new IllegalStateException("the event bus is stopping");
        }
        Group g = new Group(source, events, lines, lastSeq, ackAfterApply);
        g.permits = Math.min(events.size(), maxPendingEvents);
        try {
            room.acquire(g.permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engine was catching up", e);
        }
        for (String line : lines) {
            g.bytes += line.length() + 1;
        }
        toWrite.add(g);
        return g;
    }

    private void writeLoop() {
        List<Group> commit = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        while (running || !toWrite.isEmpty()) {
            Group first;
            try {
                first = toWrite.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            commit.clear();
            lines.clear();
            commit.add(first);
            int bytes = first.bytes;
            Group next;
            while (bytes < maxCommitBytes && (next = toWrite.poll()) != null) {
                commit.add(next);
                bytes += next.bytes;
            }
            if (failure != null) {
                fail(commit, failure);
                continue;
            }
            long events = 0;
            java.util.Map<String, Long> lastSeqs = new java.util.HashMap<>();
            for (Group g : commit) {
                lines.addAll(g.lines);
                events += g.events.size();
                lastSeqs.merge(g.source, g.lastSeq, Math::max);
            }
            try {
                if (journal != null) {
                    journal.write(lines, lastSeqs);
                }
            } catch (RuntimeException e) {
                journalFailed(e);
                fail(commit, e);
                continue;
            }
            // Written, not yet forced: the applier starts on them while the disk syncs, so a
            // notification does not wait for the fsync (tens to hundreds of ms under load). Acks
            // and shared positions still wait for it (durable, and applied where that is asked).
            // Applying before the force is safe: the engine's per-object marks skip a resend of
            // what was applied, and the lines are in the page cache, which outlives a killed process.
            toApply.addAll(commit);
            try {
                if (journal != null) {
                    journal.force();
                }
            } catch (RuntimeException e) {
                journalFailed(e);
                for (Group g : commit) {
                    // the applier has them: it releases their room and fails their apply future
                    g.durable.completeExceptionally(e);
                }
                continue;
            }
            commits++;
            committedEvents += events;
            for (Group g : commit) {
                onDurable.accept(g);
                g.durable.complete(null);
            }
        }
    }

    private void journalFailed(RuntimeException e) {
        LOG.error("Journal write failed; the event bus accepts nothing more until it restarts: {}", e.getMessage(), e);
        failure = e;
    }

    private void fail(List<Group> commit, RuntimeException e) {
        for (Group g : commit) {
            room.release(g.permits);
            g.durable.completeExceptionally(e);
            g.applied.completeExceptionally(e);
        }
    }

    private void applyLoop() {
        List<Group> groups = new ArrayList<>();
        while (running || !toApply.isEmpty() || writer.isAlive()) {
            Group first;
            try {
                first = toApply.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            groups.clear();
            groups.add(first);
            int n = first.events.size();
            Group next;
            while (n < maxApplyBatch && (next = toApply.poll()) != null) {
                groups.add(next);
                n += next.events.size();
            }
            List<CanonicalEvent> events = new ArrayList<>(n);
            for (Group g : groups) {
                events.addAll(g.events);
            }
            java.util.Set<CanonicalEvent> failed = applyDurable(events);
            synchronized (appliedMonitor) {
                appliedEvents += n;
                appliedMonitor.notifyAll();
            }
            for (Group g : groups) {
                room.release(g.permits);
                // applied: done once durable too, in commit order (the writer forces in that order)
                try {
                    g.durable.join();
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                    g.applied.completeExceptionally(e.getCause() != null ? e.getCause() : e);
                    continue;
                }
                if (g.ackAfterApply && !failed.isEmpty() && g.events.stream().anyMatch(failed::contains)) {
                    // Acknowledged only once applied: what the engine could not take is not
                    // acknowledged at all, and the source resends it from its last ack.
                    onNotApplied.accept(g);
                    g.applied.completeExceptionally(new IllegalStateException(
                            "the engine did not take every event of the batch (see the dead-letter log)"));
                    continue;
                }
                onApplied.accept(g);
                g.applied.complete(null);
            }
        }
    }

    /**
     * Applies durable events; they were acknowledged, so they are not given up on lightly. A
     * failing batch is tried again (the engine's per-object marks make a second run change
     * nothing that the first did), then event by event; an event that still fails is logged as
     * a dead letter and stays in the journal, where a replay tries it again.
     */
    private java.util.Set<CanonicalEvent> applyDurable(List<CanonicalEvent> events) {
        long[] backoff = {100, 500, 2000};
        for (int attempt = 0; ; attempt++) {
            try {
                toSinks(events);
                return java.util.Set.of();
            } catch (RuntimeException e) {
                if (attempt >= backoff.length || !running) {
                    LOG.error("Applying {} durable events failed {} times, now event by event: {}", events.size(),
                            attempt + 1, e.getMessage(), e);
                    break;
                }
                LOG.warn("Applying {} durable events failed, again in {} ms: {}", events.size(), backoff[attempt],
                        e.getMessage());
                sleep(backoff[attempt]);
            }
        }
        java.util.Set<CanonicalEvent> notApplied = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (CanonicalEvent e : events) {
            try {
                toSinks(List.of(e));
            } catch (RuntimeException failed) {
                IngestPipeline.DEAD_LETTER.error("durable event not applied (it stays in the journal): {} -- {}",
                        failed.getMessage(), e);
                notApplied.add(e);
            }
        }
        return notApplied;
    }

    private void toSinks(List<CanonicalEvent> events) {
        for (EventSink sink : sinks.get()) {
            sink.accept(events);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Events acknowledged but not yet applied. */
    public int lag() {
        return maxPendingEvents - room.availablePermits();
    }

    public long commits() {
        return commits;
    }

    public long committedEvents() {
        return committedEvents;
    }

    public long appliedEvents() {
        synchronized (appliedMonitor) {
            return appliedEvents;
        }
    }

    /**
     * Waits until every event durable at the time of the call is applied (events are applied in
     * commit order, so counting is enough); false if the timeout came first.
     */
    boolean awaitApplied(long timeoutMillis) throws InterruptedException {
        long target = committedEvents;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (appliedMonitor) {
            while (appliedEvents < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                appliedMonitor.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    public RuntimeException failure() {
        return failure;
    }

    /** Stops taking groups, writes and applies what was submitted, then returns. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
            applier.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (applier.isAlive()) {
            LOG.warn("The applier did not finish within a minute; {} durable events are left to the journal's replay",
                    lag());
        }
    }
}
