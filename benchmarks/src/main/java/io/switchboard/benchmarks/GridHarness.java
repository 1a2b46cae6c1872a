package io.switchboard.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.engine.internal.grid.GridReader;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded Hazelcast member as the server runs it (our codecs, loopback only, TCP/IP join on
 * itself, never multicast), with a {@link GridEngine} on it and the 50 agent groups configured.
 */
public final class GridHarness implements AutoCloseable {

    /** Backups need a second member; on one member a backup count of 1 would only be a setting. */
    public static final int BACKUP_COUNT = 0;
    /** As the server's default (GridSettings in etc/): 71 partitions. */
    public static final int PARTITIONS = 71;

    private static final AtomicInteger RUNS = new AtomicInteger();

    public final HazelcastInstance hz;
    public final GridEngine engine;
    public final ConfigStore config;

    public GridHarness(long historyMillis) {
        // A fresh cluster name and port per harness: a leftover member of an earlier run must not join.
        int run = RUNS.incrementAndGet();
        int port = 15701 + (int) (ProcessHandle.current().pid() % 200) * 10 + run % 10;
        System.setProperty("hazelcast.phone.home.enabled", "false");
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        GridSettings s = new GridSettings("sb-bench-" + ProcessHandle.current().pid() + "-" + run, null, "127.0.0.1",
                port, 1, List.of("127.0.0.1:" + port), BACKUP_COUNT, PARTITIONS);
        this.hz = GridConfigFactory.start(GridConfigFactory.config(s, GridHarness.class.getClassLoader(), codecs));
        try {
            this.config = new ConfigStore(hz);
            for (int g = 1; g <= Workload.GROUPS; g++) {
                config.put(Workload.TENANT, "AgentGroup", Workload.group(g),
                        Map.of("members", List.copyOf(Workload.membersOf(g))));
            }
            this.engine = new GridEngine(hz, config, historyMillis);
        } catch (RuntimeException e) {
            hz.getLifecycleService().terminate();
            throw e;
        }
    }

    public StatValue evaluate(StatRequest r, long t) {
        return engine.evaluate(r.object(), r.statType(), r.inlineProfile(), r.filter(), t, StatMix.TYPES::get).at(t);
    }

    /**
     * The notifier's evaluation as the server wires it: statistics due in a pass evaluated in one
     * batch (one grid operation per object). {@code -Dbench.batchEvaluation=false} evaluates them
     * one by one, as before the batch existed, for comparison.
     */
    public io.switchboard.engine.internal.notify.Notifier.Evaluation evaluation() {
        boolean batch = !"false".equals(System.getProperty("bench.batchEvaluation"));
        return new io.switchboard.engine.internal.notify.Notifier.Evaluation() {
            @Override
            public StatValue evaluate(StatRequest r, long t) {
                return GridHarness.this.evaluate(r, t);
            }

            @Override
            public Object[] evaluateAll(List<StatRequest> requests, long[] times) {
                if (!batch) {
                    return io.switchboard.engine.internal.notify.Notifier.Evaluation.super.evaluateAll(requests, times);
                }
                List<GridReader.Request> batch = new java.util.ArrayList<>(requests.size());
                for (int i = 0; i < times.length; i++) {
                    StatRequest r = requests.get(i);
                    batch.add(new GridReader.Request(r.object(), r.statType(), r.inlineProfile(), r.filter(), times[i]));
                }
                Object[] out = engine.evaluateAll(batch, StatMix.TYPES::get);
                for (int i = 0; i < out.length; i++) {
                    if (out[i] instanceof io.switchboard.engine.internal.stats.Value v) {
                        out[i] = v.at(times[i]);
                    }
                }
                return out;
            }
        };
    }

    @Override
    public void close() {
        hz.getLifecycleService().terminate();
    }
}
