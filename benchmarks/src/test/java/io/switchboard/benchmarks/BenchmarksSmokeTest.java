package io.switchboard.benchmarks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatRequest;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Each benchmark body once on a few minutes of traffic, checking that they compute what they
 * claim: core and grid give the same 200 values, and core and Esper agree on the counts both
 * compute. Measurements are for BenchmarkReport, not for CI.
 */
public class BenchmarksSmokeTest {

    private static final int MINUTES = 6;

    private static Workload workload;
    private static CoreEngine core;

    @BeforeClass
    public static void replay() {
        System.setProperty("sb.bench.minutes", Integer.toString(MINUTES));
        System.setProperty("sb.bench.tail", "2");
        workload = Workload.shared();
        core = new CoreEngine(Workload.HISTORY_MILLIS);
        for (List<io.switchboard.api.event.CanonicalEvent> b : workload.batches) {
            core.apply(b);
        }
    }

    private static Number coreValue(StatRequest r) {
        return (Number) core.evaluate(r, workload.end).value();
    }

    private static StatRequest find(ObjectType type, String id, String statType) {
        for (StatRequest r : StatMix.requests()) {
            if (r.object().type() == type && r.object().id().equals(id) && r.statType().name().equals(statType)) {
                return r;
            }
        }
        throw new AssertionError("no " + statType + " on " + type + " " + id + " in the mix");
    }

    @Test
    public void workloadIsTheContactCenterOfTheBrief() {
        assertEquals(200, StatMix.requests().size());
        assertTrue("events: " + workload.events.size(), workload.events.size() > 10_000);
        assertEquals(Workload.AGENTS, core.agents.size());
        assertEquals(Workload.QUEUE_COUNT, core.queues.size());
    }

    @Test
    public void coreAndEsperAgreeOnWhatBothCompute() {
        try (EsperBaseline esper = new EsperBaseline()) {
            esper.sendAll(EsperEvent.of(workload.events));
            Map<String, Map<String, Object>> queues = esper.table("QueueAgg", "queue");
            long entered = 0;
            for (String q : Workload.QUEUES) {
                Map<String, Object> row = queues.get(q);
                assertNotNull(q, row);
                StatRequest daily = new StatRequest(StatMix.TYPES.get("Entered"),
                        new io.switchboard.api.model.ObjectRef(Workload.TENANT, ObjectType.Queue, q), null,
                        StatMix.DAILY, null);
                assertEquals(q + " entered", ((Number) row.get("entered")).longValue(),
                        ((Number) core.evaluate(daily, workload.end).value()).longValue());
                entered += ((Number) row.get("entered")).longValue();
            }
            Map<String, Object> tenant = esper.table("TenantAgg", null).get("");
            assertEquals(entered, coreValue(find(ObjectType.Tenant, Workload.TENANT, "Entered")).longValue());
            assertEquals(((Number) tenant.get("answered")).longValue(),
                    coreValue(find(ObjectType.Tenant, Workload.TENANT, "QueueAnswered")).longValue());
            assertEquals(((Number) tenant.get("answerAvg")).doubleValue() / 1000,
                    coreValue(find(ObjectType.Tenant, Workload.TENANT, "AvgAnswerTime")).doubleValue(), 0.001);
            assertEquals(((Number) tenant.get("answeredIn20")).longValue(),
                    coreValue(find(ObjectType.Tenant, Workload.TENANT, "AnsweredIn20")).longValue());
            // agent-001 has AgentAnswered... no: agents cycle types; agent-021 has the third (AgentAnswered, daily)
            Map<String, Object> agent = esper.table("AgentAgg", "agent").get("agent-021");
            assertEquals(((Number) agent.get("answered")).longValue(),
                    coreValue(find(ObjectType.Agent, "agent-021", "AgentAnswered")).longValue());
            Map<String, Object> talking = esper.statement("groupTalkingNow", "grp").get("group-01");
            assertEquals(talking == null ? 0 : ((Number) talking.get("n")).longValue(),
                    coreValue(find(ObjectType.AgentGroup, "group-01", "TalkingNow")).longValue());
        }
    }

    @Test
    public void gridGivesTheCoreValues() {
        try (GridHarness grid = new GridHarness(Workload.HISTORY_MILLIS)) {
            for (List<io.switchboard.api.event.CanonicalEvent> b : workload.batches) {
                grid.engine.apply(b);
            }
            for (StatRequest r : StatMix.requests()) {
                StatValue expected = core.evaluate(r, workload.end);
                assertEquals(r.object() + " " + r.statType().name(), expected, grid.evaluate(r, workload.end));
            }
        }
    }

    @Test
    public void everyBenchmarkBodyRunsOnce() throws Exception {
        CoreBenchmark.Fresh fresh = new CoreBenchmark.Fresh();
        fresh.load();
        fresh.fresh();
        assertEquals(Workload.AGENTS, new CoreBenchmark().applyOnly(fresh).agents.size());

        CoreBenchmark.AtTail tail = new CoreBenchmark.AtTail();
        tail.load();
        tail.upToTail();
        assertTrue(tail.tail > 0 && tail.tail < workload.batches.size());
        assertTrue(new CoreBenchmark().applyAndNotify(tail) > 200);
        assertEquals(200, tail.open.last.size());

        GridBenchmark.Fresh gridFresh = new GridBenchmark.Fresh();
        gridFresh.load();
        gridFresh.start();
        try {
            assertTrue(new GridBenchmark().applyOnly(gridFresh) > 0);
        } finally {
            gridFresh.stop();
        }
        GridBenchmark.AtTail gridTail = new GridBenchmark.AtTail();
        gridTail.load();
        gridTail.upToTail();
        try {
            assertTrue(new GridBenchmark().applyAndNotify(gridTail) > 200);
            assertEquals(200, gridTail.open.last.size());
        } finally {
            gridTail.stop();
        }

        EsperBenchmark.Fresh esper = new EsperBenchmark.Fresh();
        esper.load();
        esper.start();
        try {
            Map<String, Object> t = new EsperBenchmark().replay(esper).table("TenantAgg", null).get("");
            assertEquals(coreValue(find(ObjectType.Tenant, Workload.TENANT, "Entered")).longValue(),
                    ((Number) t.get("entered")).longValue());
        } finally {
            esper.stop();
        }

        MemoryPerStatistic.Result m = MemoryPerStatistic.measure(20_000, true);
        assertTrue(m.toString(), m.totalBytes() > 50 && m.totalBytes() < 100_000);
    }
}
