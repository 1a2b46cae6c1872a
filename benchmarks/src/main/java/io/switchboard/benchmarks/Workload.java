package io.switchboard.benchmarks;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.simulator.internal.Simulation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The contact center every benchmark replays: 1,000 agents in 50 groups of 20, 20 queues, and a
 * call rate that keeps most agents busy, generated once by the deterministic simulator so that
 * the core, the grid and Esper see exactly the same events.
 */
public final class Workload {

    public static final String TENANT = "acme";
    public static final int AGENTS = 1000;
    public static final int GROUPS = 50;
    public static final int QUEUE_COUNT = 20;
    public static final int BATCH = 500;
    /** 2026-03-02 09:00 UTC: a two-hour replay stays inside one day, so no growing profile resets mid-run. */
    public static final long START = 1_772_442_000_000L;
    public static final long MINUTE = 60_000L;

    /** q01..q20. */
    public static final List<String> QUEUES;

    static {
        List<String> q = new ArrayList<>();
        for (int i = 1; i <= QUEUE_COUNT; i++) {
            q.add(String.format("q%02d", i));
        }
        QUEUES = List.copyOf(q);
    }

    public final List<CanonicalEvent> events;
    public final List<List<CanonicalEvent>> batches;
    public final long end;

    private Workload(List<CanonicalEvent> events, long end) {
        this.events = Collections.unmodifiableList(events);
        this.end = end;
        List<List<CanonicalEvent>> b = new ArrayList<>();
        for (int i = 0; i < events.size(); i += BATCH) {
            b.add(List.copyOf(events.subList(i, Math.min(events.size(), i + BATCH))));
        }
        this.batches = List.copyOf(b);
    }

    /**
     * The replay of {@code minutes} of traffic. 1,000 agents with ~2 min talk + ACW + ring take
     * ~450 calls/min at full occupancy; 400/min keeps them ~90% busy with short queues, so
     * waiting, abandons and answers all happen. 120 minutes give ~330,000 events.
     */
    public static Workload of(int minutes) {
        Simulation sim = new Simulation(new Simulation.Settings(TENANT, "pbx", AGENTS, QUEUES, 400, 120, 15, 90,
                0.05, 42), START, 1);
        long end = START + minutes * MINUTE;
        return new Workload(sim.advanceTo(end), end);
    }

    /** How long the engine keeps finished actions: the default P1D plus the longest sliding window (1 h). */
    public static final long HISTORY_MILLIS = 86_400_000L + 3_600_000L;

    /** Index of the first batch of the last {@code minutes} of the replay. */
    public int tailStart(int minutes) {
        long from = end - minutes * MINUTE;
        for (int i = 0; i < batches.size(); i++) {
            if (batches.get(i).get(0).ts() >= from) {
                return i;
            }
        }
        return batches.size();
    }

    public int eventsFrom(int batch) {
        int n = 0;
        for (int i = batch; i < batches.size(); i++) {
            n += batches.get(i).size();
        }
        return n;
    }

    private static Workload cached;
    private static int cachedMinutes;

    /** One replay per JVM and size: generating it is not what is measured. */
    public static synchronized Workload shared() {
        int minutes = Integer.getInteger("sb.bench.minutes", 120);
        if (cached == null || cachedMinutes != minutes) {
            cached = of(minutes);
            cachedMinutes = minutes;
        }
        return cached;
    }

    /** Minutes at the end of the replay measured with notifications (set with -Dsb.bench.tail). */
    public static int tailMinutes() {
        return Integer.getInteger("sb.bench.tail", 5);
    }

    public static String agent(int n) {
        return String.format("agent-%03d", n);
    }

    /** Group g (1..50) holds agents 20(g-1)+1 .. 20g. */
    public static String group(int g) {
        return String.format("group-%02d", g);
    }

    public static List<String> membersOf(int g) {
        List<String> m = new ArrayList<>();
        for (int i = 1; i <= AGENTS / GROUPS; i++) {
            m.add(agent((g - 1) * (AGENTS / GROUPS) + i));
        }
        return m;
    }

    public static int groupOf(String agent) {
        int n = Integer.parseInt(agent.substring("agent-".length()));
        return (n - 1) / (AGENTS / GROUPS) + 1;
    }
}
