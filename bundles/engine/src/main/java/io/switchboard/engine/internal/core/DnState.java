package io.switchboard.engine.internal.core;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.model.ObjectState;
import java.util.List;

/** A DN that events name without an agent (a DN nobody is logged in on, a route point DN). */
public final class DnState {

    /** Events already applied here, by source (retries after a member died change nothing). */
    public final Applied applied = new Applied();

    final String tenant;
    final EndpointState endpoint;

    public DnState(String tenant, String dn) {
        this.tenant = tenant;
        this.endpoint = new EndpointState(dn, CanonicalEvent.VOICE);
    }

    DnState(String tenant, EndpointState endpoint) {
        this.tenant = tenant;
        this.endpoint = endpoint;
    }

    public String tenant() {
        return tenant;
    }

    public EndpointState endpoint() {
        return endpoint;
    }

    public List<ActionRecord> apply(CanonicalEvent e, StatusPriority priority) {
        return endpoint.apply(e, priority);
    }

    public ObjectState currentState() {
        return stateOf(endpoint);
    }

    /** The CurrentState of a single endpoint seen as a DN object. */
    public static ObjectState stateOf(EndpointState ep) {
        return new ObjectState(ep.status, ep.statusSince < 0 ? null : ep.statusSince,
                Actions.LOGGED_OUT.equals(ep.status) ? List.of() : List.of(AgentState.toStatus(ep)));
    }
}
