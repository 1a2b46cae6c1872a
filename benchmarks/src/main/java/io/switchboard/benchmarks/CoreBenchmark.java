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

/**
 * The pure core, one thread, no Hazelcast. One operation is a replay on fresh state, so an
 * operation always does the same work (histories grow as the day goes on, and the cost of a
 * value with them); hence single-shot timing of long operations, converted to events/s by the
 * report.
 *
 * <p>(a) {@link #applyOnly}: all events through the state machines into the histories.
 * (b) {@link #applyAndNotify}: the last {@link Workload#tailMinutes()} minutes of the replay,
 * on state that already holds everything before them, with the 200 statistics open on the
 * real Notifier and a tick after every batch.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CoreBenchmark {

    @State(Scope.Thread)
    public static class Fresh {
        Workload workload;
        CoreEngine engine;

        @Setup(Level.Trial)
        public void load() {
            workload = Workload.shared();
        }

        @Setup(Level.Invocation)
        public void fresh() {
            engine = new CoreEngine(Workload.HISTORY_MILLIS);
        }
    }

    @State(Scope.Thread)
    public static class AtTail {
        Workload workload;
        int tail;
        CoreEngine engine;
        OpenStatistics open;

        @Setup(Level.Trial)
        public void load() {
            workload = Workload.shared();
            tail = workload.tailStart(Workload.tailMinutes());
        }

        @Setup(Level.Invocation)
        public void upToTail() {
            engine = new CoreEngine(Workload.HISTORY_MILLIS);
            open = prepare(engine, workload, tail);
        }
    }

    /** Applies the batches before {@code tail} and opens the statistics with their first values sent. */
    static OpenStatistics prepare(CoreEngine engine, Workload w, int tail) {
        Set<String> touched = new HashSet<>();
        for (int i = 0; i < tail; i++) {
            touched.addAll(engine.apply(w.batches.get(i)));
        }
        long t = tail == 0 ? Workload.START : last(w.batches.get(tail - 1)).ts();
        OpenStatistics open = new OpenStatistics(engine::evaluate, t);
        open.afterBatch(touched, t);
        return open;
    }

    static CanonicalEvent last(List<CanonicalEvent> batch) {
        return batch.get(batch.size() - 1);
    }

    @Benchmark
    public CoreEngine applyOnly(Fresh s) {
        for (List<CanonicalEvent> batch : s.workload.batches) {
            s.engine.apply(batch);
        }
        return s.engine;
    }

    @Benchmark
    public long applyAndNotify(AtTail s) {
        List<List<CanonicalEvent>> batches = s.workload.batches;
        for (int i = s.tail; i < batches.size(); i++) {
            List<CanonicalEvent> batch = batches.get(i);
            s.open.afterBatch(s.engine.apply(batch), last(batch).ts());
        }
        return s.open.notifications;
    }
}
