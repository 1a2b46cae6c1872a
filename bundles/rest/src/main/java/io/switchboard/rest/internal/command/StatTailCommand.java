package io.switchboard.rest.internal.command;

import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatSubscription;
import io.switchboard.api.stats.StatisticsService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Follows statistics the way {@code log:tail} follows the log: the current value of each ref,
 * then one line per notification, until Ctrl-C (or {@code -n} lines).
 */
@Service
@Command(scope = "switchboard", name = "stat-tail", description = "Prints the current value of each ref, then "
        + "every notification as it comes, until Ctrl-C (like log:tail)")
public class StatTailCommand implements Action {

    /** Bounds what waits for a slow terminal; the newest values matter, so the oldest are dropped. */
    static final int MAX_WAITING = 10_000;

    @Argument(index = 0, name = "refs", required = true, multiValued = true, description = "Refs from stat-open")
    @Completion(RefCompleter.class)
    List<String> refs;

    @Option(name = "-n", aliases = "--count", description = "Stop after this many lines (0: until Ctrl-C)")
    @Completion(value = StringsCompleter.class, values = {"0", "1", "10", "100"})
    int count;

    @Reference
    StatisticsService stats;

    private record Line(String ref, StatValue value) {
    }

    @Override
    public Object execute() {
        // Notifications come on the engine's thread; only this (the session's) thread prints.
        BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        List<StatSubscription> subscriptions = new ArrayList<>();
        try {
            for (String ref : refs) {
                subscriptions.add(stats.subscribe(ref, (r, v) -> {
                    lines.offer(new Line(r, v));
                    while (lines.size() > MAX_WAITING) {
                        lines.poll();
                    }
                }));
            }
            int printed = 0;
            while (count <= 0 || printed < count) {
                Line l = lines.take();
                System.out.println(Shown.time(l.value().at()) + "  " + l.ref() + "  " + Shown.value(l.value()));
                System.out.flush();
                printed++;
            }
        } catch (InterruptedException ctrlC) {
            // Ctrl-C interrupts the command thread: the normal end of a tail
            Thread.currentThread().interrupt();
        } finally {
            for (StatSubscription s : subscriptions) {
                s.close();
            }
        }
        return null;
    }
}
