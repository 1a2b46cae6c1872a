package io.switchboard.engine.internal.core;

import io.switchboard.api.model.ObjectState;
import java.util.List;

/** The CurrentState of an object's state (the other categories come from its history). */
public final class Evaluator {

    private static final ObjectState NO_EVENT_YET = new ObjectState(Actions.LOGGED_OUT, null, List.of());

    private Evaluator() {
    }

    /**
     * @param state an AgentState, DnState, PlaceState, EndpointState, or null (no event yet)
     */
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
}
