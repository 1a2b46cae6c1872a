package io.switchboard.benchmarks;

import io.switchboard.api.event.CanonicalEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same replay through {@code GridEngine.apply} on one embedded Hazelcast member (loopback,
 * TCP/IP join on itself, backup count {@value GridHarness#BACKUP_COUNT}), in batches of
 * {@value Workload#BATCH}, as the event bus hands them to the engine. (b) evaluates through
 * {@code GridEngine.evaluate}, i.e. entry processors and, for groups and the tenant, partials
 * from every member, exactly as StatsEngine's notifier does.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GridBenchmark {

    @State(Scope.Thread)
    public static class Fresh {
        Workload workload;
        GridHarness grid;

        @Setup(Level.Trial)
        public void load() {
            workload = Workload.shared();
        }

        @Setup(Level.Invocation)
        public void start() {
            grid = new GridHarness(Workload.HISTORY_MILLIS);
        }

        @TearDown(Level.Invocation)
        public void stop() {
            grid.close();
        }
    }

    @State(Scope.Thread)
    public static class AtTail {
        Workload workload;
        int tail;
        GridHarness grid;
        OpenStatistics open;

        @Setup(Level.Trial)
        public void load() {
            workload = Workload.shared();
            tail = workload.tailStart(Workload.tailMinutes());
        }

        @Setup(Level.Invocation)
        public void upToTail() {
            grid = new GridHarness(Workload.HISTORY_MILLIS);
            open = prepare(grid, workload, tail);
        }

        @TearDown(Level.Invocation)
        public void stop() {
            grid.close();
        }
    }

    static OpenStatistics prepare(GridHarness grid, Workload w, int tail) {
        Set<String> touched = new HashSet<>();
        for (int i = 0; i < tail; i++) {
            touched.addAll(grid.engine.apply(w.batches.get(i)));
        }
        long t = tail == 0 ? Workload.START : CoreBenchmark.last(w.batches.get(tail - 1)).ts();
        OpenStatistics open = new OpenStatistics(grid.evaluation(), t);
        open.afterBatch(touched, t);
        return open;
    }

    @Benchmark
    public int applyOnly(Fresh s) {
        int touched = 0;
        for (List<CanonicalEvent> batch : s.workload.batches) {
            touched += s.grid.engine.apply(batch).size();
        }
        return touched;
    }

    @Benchmark
    public long applyAndNotify(AtTail s) {
        List<List<CanonicalEvent>> batches = s.workload.batches;
        for (int i = s.tail; i < batches.size(); i++) {
            List<CanonicalEvent> batch = batches.get(i);
            s.open.afterBatch(s.grid.engine.apply(batch), CoreBenchmark.last(batch).ts());
        }
        return s.open.notifications;
    }
}
