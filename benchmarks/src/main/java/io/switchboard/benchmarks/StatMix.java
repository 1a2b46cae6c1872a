package io.switchboard.benchmarks;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 200 open statistics of the benchmark: every history category (CurrentNumber,
 * CurrentMaxTime, TotalNumber, TotalTime, AverageTime, MaxTime, ServiceFactor,
 * TotalNumberInTimeRange, Formula) on agents, agent groups, queues and the tenant, over a daily
 * growing profile and a one-hour sliding window in one-minute steps.
 *
 * <ul>
 * <li>100 on agents (every 10th agent), cycling the 10 agent-side types;</li>
 * <li>50 on agent groups (one per group), cycling the same types;</li>
 * <li>40 on queues (two per queue), cycling the 10 queue-side types;</li>
 * <li>10 on the tenant, the 10 queue-side types.</li>
 * </ul>
 */
public final class StatMix {

    public static final Map<String, Object> DAILY = Map.of("type", "growing", "reset", List.of("00:00"));
    public static final Map<String, Object> HOUR_SLIDING = Map.of("type", "sliding", "window", 3600, "step", 60);

    private static final List<String> ANSWER_OR_ABANDON = List.of("CallAnswered", "CallAbandoned");

    public static final List<StatType> AGENT_TYPES = List.of(
            type("TalkingNow", "CurrentNumber", StatType.Subject.Action, List.of("CallInbound"), null, null),
            type("LongestTalkNow", "CurrentMaxTime", StatType.Subject.Action, List.of("CallInbound"), null, null),
            type("AgentAnswered", "TotalNumber", StatType.Subject.Action, List.of("CallAnswered"), null, null),
            type("TalkTime", "TotalTime", StatType.Subject.Action, List.of("CallInbound"), null, null),
            type("AvgTalk", "AverageTime", StatType.Subject.Action, List.of("CallInbound"), null, null),
            type("MaxTalk", "MaxTime", StatType.Subject.Action, List.of("CallInbound"), null, null),
            type("AcwTime", "TotalTime", StatType.Subject.Action, List.of("AfterCallWork"), null, null),
            type("ShortCalls", "TotalNumberInTimeRange", StatType.Subject.Action, List.of("CallInbound"),
                    new double[] {0, 60}, null),
            type("TalkPerAnswer", "Formula", StatType.Subject.Action, List.of(), null, "TalkTime / AgentAnswered"),
            type("ReadyNow", "CurrentNumber", StatType.Subject.Status, List.of("WaitForNextCall"), null, null));

    public static final List<StatType> QUEUE_TYPES = List.of(
            type("Waiting", "CurrentNumber", StatType.Subject.Action, List.of("CallWait"), null, null),
            type("OldestWaiting", "CurrentMaxTime", StatType.Subject.Action, List.of("CallWait"), null, null),
            type("Entered", "TotalNumber", StatType.Subject.Action, List.of("CallEntered"), null, null),
            type("Abandoned", "TotalNumber", StatType.Subject.Action, List.of("CallAbandoned"), null, null),
            type("QueueAnswered", "TotalNumber", StatType.Subject.Action, List.of("CallAnswered"), null, null),
            type("AvgAnswerTime", "AverageTime", StatType.Subject.Action, List.of("CallAnswered"), null, null),
            type("MaxWait", "MaxTime", StatType.Subject.Action, List.of("CallWait"), null, null),
            type("ServiceLevel20", "ServiceFactor", StatType.Subject.Action, List.of("CallAnswered"),
                    new double[] {0, 20}, null),
            type("AnsweredIn20", "TotalNumberInTimeRange", StatType.Subject.Action, List.of("CallAnswered"),
                    new double[] {0, 20}, null),
            type("AbandonRate", "Formula", StatType.Subject.Action, List.of(), null, "100 * Abandoned / Entered"));

    /** Stat types by name, for formulas. */
    public static final Map<String, StatType> TYPES;

    static {
        Map<String, StatType> all = new LinkedHashMap<>();
        for (StatType t : AGENT_TYPES) {
            all.put(t.name(), t);
        }
        for (StatType t : QUEUE_TYPES) {
            all.put(t.name(), t);
        }
        TYPES = Map.copyOf(all);
    }

    private StatMix() {
    }

    private static StatType type(String name, String category, StatType.Subject subject, List<String> mask,
            double[] range, String formula) {
        return new StatType(name, List.of(), category, subject, mask,
                "ServiceFactor".equals(category) ? ANSWER_OR_ABANDON : List.of(), range, formula);
    }

    /** The 200 requests, in a fixed order. */
    public static List<StatRequest> requests() {
        List<StatRequest> all = new ArrayList<>(200);
        for (int i = 0; i < 100; i++) {
            all.add(request(AGENT_TYPES.get(i % 10), ObjectType.Agent, Workload.agent(10 * i + 1), i));
        }
        for (int g = 1; g <= Workload.GROUPS; g++) {
            all.add(request(AGENT_TYPES.get((g - 1) % 10), ObjectType.AgentGroup, Workload.group(g), g / 10));
        }
        for (int i = 0; i < 40; i++) {
            all.add(request(QUEUE_TYPES.get(i % 10), ObjectType.Queue, Workload.QUEUES.get(i / 2), i / 10));
        }
        for (int i = 0; i < 10; i++) {
            all.add(request(QUEUE_TYPES.get(i), ObjectType.Tenant, Workload.TENANT, i));
        }
        return List.copyOf(all);
    }

    /** Alternates daily and sliding profiles across rounds of the type cycle, so both cover every type. */
    private static StatRequest request(StatType type, ObjectType objectType, String id, int round) {
        return new StatRequest(type, new ObjectRef(Workload.TENANT, objectType, id), null,
                round % 2 == 0 ? DAILY : HOUR_SLIDING, null);
    }
}
