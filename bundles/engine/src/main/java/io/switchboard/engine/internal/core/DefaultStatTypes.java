package io.switchboard.engine.internal.core;

import static io.switchboard.api.model.ObjectType.Agent;
import static io.switchboard.api.model.ObjectType.AgentGroup;
import static io.switchboard.api.model.ObjectType.DN;
import static io.switchboard.api.model.ObjectType.Place;
import static io.switchboard.api.model.ObjectType.PlaceGroup;
import static io.switchboard.api.model.ObjectType.Queue;
import static io.switchboard.api.model.ObjectType.QueueGroup;
import static io.switchboard.api.model.ObjectType.Tenant;

import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatType.Subject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stat types every installation knows by name. */
public final class DefaultStatTypes {

    private DefaultStatTypes() {
    }

    public static Map<String, StatType> all() {
        Map<String, StatType> m = new LinkedHashMap<>();
        add(m, new StatType("CurrentAgentState", List.of(Agent, Place, DN), "CurrentState", Subject.Status, List.of(),
                List.of(), null, null));
        add(m, new StatType("CallsWaiting", List.of(Queue, QueueGroup, Tenant), "CurrentNumber", Subject.Action,
                List.of(Actions.CALL_WAIT), List.of(), null, null));
        add(m, new StatType("AgentsTalking", List.of(Agent, AgentGroup, Tenant), "CurrentNumber", Subject.Status,
                List.of(Actions.CALL_INBOUND, Actions.CALL_OUTBOUND, Actions.CALL_INTERNAL, Actions.CALL_CONSULT,
                        Actions.CALL_ON_HOLD), List.of(), null, null));
        add(m, new StatType("CallsInProgress", List.of(Agent, Place, DN, AgentGroup, PlaceGroup, Tenant),
                "CurrentNumber", Subject.Action, List.of(Actions.CALL_INBOUND, Actions.CALL_OUTBOUND,
                        Actions.CALL_INTERNAL, Actions.CALL_CONSULT), List.of(), null, null));
        add(m, new StatType("AgentsReady", List.of(Agent, AgentGroup, Tenant), "CurrentNumber", Subject.Status,
                List.of(Actions.WAIT_FOR_NEXT_CALL), List.of(), null, null));
        add(m, new StatType("AgentsNotReady", List.of(Agent, AgentGroup, Tenant), "CurrentNumber", Subject.Status,
                List.of(Actions.NOT_READY_FOR_NEXT_CALL, Actions.AFTER_CALL_WORK), List.of(), null, null));
        add(m, new StatType("AgentsLoggedIn", List.of(Agent, AgentGroup, Tenant), "CurrentNumber", Subject.Status,
                List.of("~" + Actions.LOGGED_OUT), List.of(), null, null));
        return m;
    }

    private static void add(Map<String, StatType> m, StatType t) {
        m.put(t.name(), t);
    }
}
