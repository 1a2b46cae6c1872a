package io.switchboard.engine.internal.core;

import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Computes a current value of one object's state. */
public final class Evaluator {

    private static final ObjectState NO_EVENT_YET = new ObjectState(Actions.LOGGED_OUT, null, List.of());

    private Evaluator() {
    }

    /**
     * @param state an AgentState, DnState, PlaceState, QueueState, EndpointState or null (no event yet)
     */
    public static Object evaluate(Object state, Query q) {
        if (q.category() == Category.CurrentState) {
            return currentState(state);
        }
        if (q.category() == Category.CurrentNumber) {
            return currentNumber(state, q);
        }
        throw new IllegalArgumentException("category " + q.category() + " is not evaluated here");
    }

    public static ObjectState currentState(Object state) {
        if (state instanceof AgentState a) {
            return a.currentState();
        }
        if (state instanceof DnState d) {
            return d.currentState();
        }
        if (state instanceof EndpointState ep) {
            return DnState.stateOf(ep);
        }
        if (state instanceof PlaceState p) {
            return p.currentState();
        }
        return NO_EVENT_YET;
    }

    public static long currentNumber(Object state, Query q) {
        if (state == null) {
            return 0;
        }
        Mask mask = Mask.parse(q.mask());
        if (q.subject() == StatType.Subject.Status) {
            String status = statusOf(state);
            return status != null && mask.matches(status) ? 1 : 0;
        }
        return Filters.currentNumber(running(state), mask, q.filter(), callData(state));
    }

    static String statusOf(Object state) {
        if (state instanceof AgentState a) {
            return a.status;
        }
        if (state instanceof DnState d) {
            return d.endpoint.status;
        }
        if (state instanceof EndpointState ep) {
            return ep.status;
        }
        if (state instanceof PlaceState p) {
            return p.status;
        }
        return null;
    }

    static List<RunningAction> running(Object state) {
        if (state instanceof AgentState a) {
            return a.running();
        }
        if (state instanceof DnState d) {
            return d.endpoint.running;
        }
        if (state instanceof EndpointState ep) {
            return ep.running;
        }
        if (state instanceof PlaceState p) {
            return p.running();
        }
        if (state instanceof QueueState q) {
            return q.running();
        }
        return List.of();
    }

    /** Attached data of the calls an object knows, for data filters. */
    static Function<String, Map<String, String>> callData(Object state) {
        if (state instanceof AgentState a) {
            return call -> {
                for (EndpointState ep : a.endpoints.values()) {
                    CallLeg leg = ep.calls.get(call);
                    if (leg != null) {
                        return leg.data;
                    }
                }
                return null;
            };
        }
        if (state instanceof DnState d) {
            return call -> dataOf(d.endpoint, call);
        }
        if (state instanceof EndpointState ep) {
            return call -> dataOf(ep, call);
        }
        if (state instanceof QueueState q) {
            return call -> {
                QueueState.Waiting w = q.waiting.get(call);
                return w == null ? null : w.data;
            };
        }
        return call -> null;
    }

    private static Map<String, String> dataOf(EndpointState ep, String call) {
        CallLeg leg = ep.calls.get(call);
        return leg == null ? null : leg.data;
    }
}
