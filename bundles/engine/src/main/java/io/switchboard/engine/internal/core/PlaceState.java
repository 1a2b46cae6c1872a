package io.switchboard.engine.internal.core;

import io.switchboard.api.model.ObjectState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.switchboard.engine.internal.stats.ActionHistory;

/**
 * A place: the endpoints of the agents logged in at it, as each agent last reported them. Its
 * status is the highest-priority endpoint status.
 */
public final class PlaceState {

    /** Events already applied here, by source (retries after a member died change nothing). */
    public final Applied applied = new Applied();

    /** What one agent contributes to the place: its endpoints' statuses and running actions. */
    public record Contribution(List<ObjectState.EndpointStatus> endpoints, List<RunningAction> running) {
        public Contribution {
            endpoints = List.copyOf(endpoints);
            running = List.copyOf(running);
        }

        public static Contribution of(AgentState agent) {
            return new Contribution(AgentState.endpointStatuses(agent.endpoints.values()), agent.running());
        }
    }

    final String tenant;
    final String id;
    final LinkedHashMap<String, Contribution> agents = new LinkedHashMap<>();
    String status = Actions.LOGGED_OUT;
    long statusSince = -1;
    /** Its agents' finished actions while at this place, and the place's status stretches. */
    ActionHistory history = new ActionHistory();

    public PlaceState(String tenant, String id) {
        this.tenant = tenant;
        this.id = id;
    }

    public String tenant() {
        return tenant;
    }

    public String id() {
        return id;
    }

    public Map<String, Contribution> agents() {
        return agents;
    }

    /** Records an agent's contribution (null: the agent left the place) at {@code ts}. */
    public ActionHistory history() {
        return history;
    }

    /**
     * Records an agent's contribution (null: the agent left the place) at {@code ts}, with the
     * action changes of the event that caused it.
     */
    public void update(String agent, Contribution c, List<ActionRecord> changes, long ts, StatusPriority priority) {
        update(agent, c, ts, priority);
        history.append(changes);
        history.recordStatus(status, statusSince);
    }

    public void update(String agent, Contribution c, long ts, StatusPriority priority) {
        if (c == null || c.endpoints().isEmpty() && c.running().isEmpty()) {
            agents.remove(agent);
        } else {
            agents.put(agent, c);
        }
        String composed = Actions.LOGGED_OUT;
        for (Contribution each : agents.values()) {
            for (ObjectState.EndpointStatus ep : each.endpoints()) {
                composed = priority.higher(composed, ep.status());
            }
        }
        if (!composed.equals(status) || statusSince < 0) {
            status = composed;
            statusSince = ts;
        }
    }

    public List<RunningAction> running() {
        List<RunningAction> all = new ArrayList<>();
        for (Contribution c : agents.values()) {
            all.addAll(c.running());
        }
        return all;
    }

    public ObjectState currentState() {
        List<ObjectState.EndpointStatus> dns = new ArrayList<>();
        for (Contribution c : agents.values()) {
            dns.addAll(c.endpoints());
        }
        return new ObjectState(status, statusSince < 0 ? null : statusSince, dns);
    }
}
