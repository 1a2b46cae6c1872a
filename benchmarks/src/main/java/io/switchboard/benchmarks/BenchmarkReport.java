package io.switchboard.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark with settings that fit in about ten minutes on a 2-core machine and
 * prints one table: events/s of the core (apply only, apply + notify), of the grid (same), of
 * Esper, their ratios, and heap bytes per open statistic.
 *
 * <p>{@code java -jar benchmarks.jar} for the full report; {@code java -jar benchmarks.jar quick}
 * for a 20-minute replay and one short fork each (a smoke run, not numbers to quote).
 */
public final class BenchmarkReport {

    /** One line of the table. */
    record Line(String what, double eventsPerSecond, double medianPerSecond, double errorPercent, String note) {
    }

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        boolean quick = args.length > 0 && "quick".equals(args[0]);
        int minutes = quick ? 20 : Integer.getInteger("sb.bench.minutes", 120);
        int tail = quick ? 5 : Workload.tailMinutes();
        System.setProperty("sb.bench.minutes", Integer.toString(minutes));
        System.setProperty("sb.bench.tail", Integer.toString(tail));
        Workload w = Workload.shared();
        int tailStart = w.tailStart(tail);
        int all = w.events.size();
        int tailEvents = w.eventsFrom(tailStart);
        System.out.printf("Replay: %,d events over %d min (%d batches of %d), notify over the last %d min (%,d events)%n",
                all, minutes, w.batches.size(), Workload.BATCH, tail, tailEvents);

        int statements;
        try (EsperBaseline esper = new EsperBaseline()) {
            statements = esper.statementCount();
        }
        List<Line> lines = new ArrayList<>();
        // forks, warmups, measured replays: each replay is seconds long; the whole report takes ~9 min here
        lines.add(run("core (a) apply only", CoreBenchmark.class, "applyOnly", all, quick ? 1 : 2, quick ? 1 : 3,
                quick ? 2 : 5, minutes, tail, "1 thread, plain maps"));
        lines.add(run("core (b) apply + notify 200 stats", CoreBenchmark.class, "applyAndNotify", tailEvents,
                quick ? 1 : 2, quick ? 1 : 2, quick ? 2 : 4, minutes, tail, "tick per batch, last " + tail + " min"));
        lines.add(run("grid (a) apply only", GridBenchmark.class, "applyOnly", all, quick ? 1 : 2, 1, quick ? 2 : 4,
                minutes, tail, "1 member, backups " + GridHarness.BACKUP_COUNT));
        lines.add(run("grid (b) apply + notify 200 stats", GridBenchmark.class, "applyAndNotify", tailEvents, 1, 1,
                quick ? 2 : 4, minutes, tail, "tick per batch, last " + tail + " min"));
        lines.add(run("Esper", EsperBenchmark.class, "replay", all, quick ? 1 : 2, quick ? 1 : 3, quick ? 2 : 5,
                minutes, tail, statements + " EPL statements"));

        List<MemoryPerStatistic.Result> memory = memory(quick ? 100_000 : 1_000_000);

        double esper = lines.get(4).eventsPerSecond();
        StringBuilder out = new StringBuilder();
        out.append("\n## Switchboard benchmark report\n\n");
        out.append(String.format("%s, %d cores, JDK %s (%s), replay of %d min = %,d events%n%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), minutes, all));
        out.append("| measurement | events/s (mean) | ± (99.9 %) | events/s (median) | vs Esper (mean) | note |\n"
                + "|---|---:|---:|---:|---:|---|\n");
        for (Line l : lines) {
            out.append(String.format("| %s | %,.0f | %.0f %% | %,.0f | %.2f | %s |%n", l.what(), l.eventsPerSecond(),
                    l.errorPercent(), l.medianPerSecond(), l.eventsPerSecond() / esper, l.note()));
        }
        out.append("\n| open statistics | bytes / statistic | of which request | of which Notifier |\n|---|---:|---:|---:|\n");
        for (MemoryPerStatistic.Result m : memory) {
            out.append(String.format("| %,d %s | %.0f | %.0f | %.0f |%n", m.count(), m.population(), m.totalBytes(),
                    m.requestBytes(), m.notifierBytes()));
        }
        System.out.println(out);
    }

    private static Line run(String what, Class<?> benchmark, String method, int eventsPerOp, int forks, int warmups,
            int iterations, int minutes, int tail, String note) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(benchmark.getName() + "\\." + method + "$")
                .forks(forks)
                .warmupIterations(warmups)
                .measurementIterations(iterations)
                .jvmArgsAppend(jvmArgs(minutes, tail).toArray(new String[0]))
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(o.build()).run();
        Result<?> r = results.iterator().next().getPrimaryResult();
        // SingleShotTime in ms per replay: events per replay over seconds per replay.
        double perSecond = eventsPerOp / (r.getScore() / 1000.0);
        double median = eventsPerOp / (r.getStatistics().getPercentile(50) / 1000.0);
        double errorPercent = Double.isNaN(r.getScoreError()) ? 0 : 100 * r.getScoreError() / r.getScore();
        return new Line(what, perSecond, median, errorPercent, note);
    }

    private static List<String> jvmArgs(int minutes, int tail) {
        List<String> a = new ArrayList<>(List.of("-Xms3g", "-Xmx3g", "-Dsb.bench.minutes=" + minutes,
                "-Dsb.bench.tail=" + tail, "-Dhazelcast.phone.home.enabled=false",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // What Hazelcast asks for to use its fast paths; a tuned server passes them too.
                "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
        return a;
    }

    /** In a JVM of its own with room for a million subscriptions, and nothing else on its heap. */
    private static List<MemoryPerStatistic.Result> memory(int n) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-Xms4g", "-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), MemoryPerStatistic.class.getName(), Integer.toString(n),
                "--machine").redirectErrorStream(true).start();
        Map<String, MemoryPerStatistic.Result> results = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                System.out.println(line);
                if (line.startsWith("RESULT ")) {
                    String[] f = line.split(" ");
                    results.put(f[2], new MemoryPerStatistic.Result(Integer.parseInt(f[1]), f[2],
                            Double.parseDouble(f[3]), Double.parseDouble(f[4])));
                }
            }
        }
        if (p.waitFor() != 0 || results.isEmpty()) {
            throw new IllegalStateException("memory measurement failed (exit " + p.exitValue() + ")");
        }
        return new ArrayList<>(results.values());
    }
}
