package io.switchboard.benchmarks;

import java.util.List;
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
 * The peer baseline: the same events into an Esper runtime whose EPL keeps the comparable
 * statistics up to date incrementally on every event, for every queue, agent and group (see
 * statistics.epl). One operation is the whole replay on a fresh runtime, like the core's.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EsperBenchmark {

    @State(Scope.Thread)
    public static class Fresh {
        List<EsperEvent> events;
        EsperBaseline esper;

        @Setup(Level.Trial)
        public void load() {
            events = EsperEvent.of(Workload.shared().events);
        }

        @Setup(Level.Invocation)
        public void start() {
            esper = new EsperBaseline();
        }

        @TearDown(Level.Invocation)
        public void stop() {
            esper.close();
        }
    }

    @Benchmark
    public EsperBaseline replay(Fresh s) {
        s.esper.sendAll(s.events);
        return s.esper;
    }
}
