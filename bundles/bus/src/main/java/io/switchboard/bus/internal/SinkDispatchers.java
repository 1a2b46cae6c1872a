package io.switchboard.bus.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.bus.internal.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed event-logger sinks, each fed by a {@link SinkDispatcher} of its own once the bus
 * has a journal: one thread and one durable position per sink name. A position is one sink's, so
 * a second sink with a name already fed waits, unfed, until the first is gone (and then goes on
 * from its position, as a reinstalled sink would). What the sinks still need of the journal,
 * including the positions of sinks uninstalled a short while ago, is kept from truncation.
 */
public final class SinkDispatchers {

    private static final Logger LOG = LoggerFactory.getLogger(SinkDispatchers.class);

    private final List<EventLogSink> sinks = new ArrayList<>();
    private final Map<EventLogSink, SinkDispatcher> fed = new IdentityHashMap<>();
    private Journal journal;
    private Function<String, CanonicalEvent> parser;
    private Path positions;

    /** A sink service came; it is fed now if the bus runs and no sink of its name is fed. */
    public synchronized void add(EventLogSink sink) {
        sinks.add(sink);
        feedWhatCan();
    }

    /** A sink service went: its dispatcher stops (its position stays), and a sink of that name waiting is fed. */
    public synchronized void remove(EventLogSink sink) {
        sinks.remove(sink);
        SinkDispatcher d = fed.remove(sink);
        if (d != null) {
            // under the lock: a sink of the same name starts only once this one writes no position
            d.close();
        }
        feedWhatCan();
    }

    /**
     * The bus runs: feed every sink from {@code journal}, positions under {@code positions}.
     * @param parser a journal line to its event; null for a line that is not one
     */
    public synchronized void open(Journal journal, Function<String, CanonicalEvent> parser, Path positions) {
        this.journal = journal;
        this.parser = parser;
        this.positions = positions;
        feedWhatCan();
    }

    /** The bus stops: every dispatcher stops; the sinks stay known for the next {@link #open}. */
    public synchronized void close() {
        fed.values().forEach(SinkDispatcher::close);
        fed.clear();
        journal = null;
    }

    private void feedWhatCan() {
        if (journal == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        fed.values().forEach(d -> names.add(d.name()));
        for (EventLogSink sink : sinks) {
            if (fed.containsKey(sink)) {
                continue;
            }
            if (!names.add(sink.name())) {
                LOG.error("Event-logger sink {} ({}) is not fed while another sink of that name is: a durable "
                        + "position is one sink's", sink.name(), sink.getClass().getName());
                continue;
            }
            fed.put(sink, new SinkDispatcher(sink, journal, parser, positions).start());
        }
    }

    /** The dispatchers feeding sinks now. */
    synchronized List<SinkDispatcher> fed() {
        return List.copyOf(fed.values());
    }

    /**
     * The first journal segment some sink still needs (Integer.MAX_VALUE: none): a fed sink's
     * cursor, or the position a sink no longer fed wrote less than {@code absentHold} ago.
     */
    public synchronized int neededSegment(Duration absentHold) {
        int needed = Integer.MAX_VALUE;
        Set<Path> own = new HashSet<>();
        for (SinkDispatcher d : fed.values()) {
            needed = Math.min(needed, d.neededSegment());
            own.add(d.positionFile());
        }
        if (positions == null || !Files.isDirectory(positions)) {
            return needed;
        }
        try (Stream<Path> files = Files.list(positions)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".position") && !own.contains(p)) {
                    needed = Math.min(needed, SinkDispatcher.neededSegment(p, absentHold));
                }
            }
        } catch (IOException e) {
            LOG.warn("Event-logger positions unreadable in {}, the journal is kept: {}", positions, e.getMessage());
            return 0;
        }
        return needed;
    }
}
