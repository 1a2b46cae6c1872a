package io.switchboard.engine.internal.core;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.model.ObjectState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.switchboard.engine.internal.stats.ActionHistory;

/**
 * An agent and its endpoints (DNs on voice, logins on other media), whatever sources report
 * them: the agent status is composed from all of them.
 */
public final class AgentState {

    /** Events already applied here, by source (retries after a member died change nothing). */
    public final Applied applied = new Applied();

    final String tenant;
    final String id;
    String place;
    final LinkedHashMap<String, EndpointState> endpoints = new LinkedHashMap<>();
    String status = Actions.LOGGED_OUT;
    long statusSince = -1;
    /** All endpoints' finished actions and the agent's composed status stretches. */
    ActionHistory history = new ActionHistory();

    public AgentState(String tenant, String id) {
        this.tenant = tenant;
        this.id = id;
    }

    public String tenant() {
        return tenant;
    }

    public String id() {
        return id;
    }

    public String place() {
        return place;
    }

    public String status() {
        return status;
    }

    public long statusSince() {
        return statusSince;
    }

    public ActionHistory history() {
        return history;
    }

    public Map<String, EndpointState> endpoints() {
        return endpoints;
    }

    /** Applies an agent event or a call event at one of the agent's endpoints. */
    public List<ActionRecord> apply(CanonicalEvent e, StatusPriority priority) {
        if (e.type() == EventType.AgentLogin && e.place() != null && !e.place().isEmpty()) {
            place = e.place();
        }
        String key = EndpointState.key(e);
        EndpointState ep = endpoints.get(key);
        if (ep == null) {
            ep = new EndpointState(e.isVoice() ? e.dn() : e.dn(), e.media());
            endpoints.put(key, ep);
        }
        List<ActionRecord> changes = ep.apply(e, priority);
        history.append(changes);
        if (e.call() != null && !e.data().isEmpty()) {
            history.updateCallData(e.call(), e.data());
        }
        compose(e.ts(), priority);
        return changes;
    }

    /**
     * Brings the composed timeline (the history's status stretches, the one place the agent's
     * status, its since and every Status-subject statistic come from) up to date with an event at
     * {@code ts}. Endpoints fed by different sources interleave out of time order; an event older
     * than the current composed stretch recomputes the composed value from the endpoints'
     * own timelines at every endpoint change from ts on.
     */
    private void compose(long ts, StatusPriority priority) {
        if (inOrder(ts)) {
            // the usual case: nothing of the agent happened after ts, the value now is the value at ts
            history.recordStatus(composedAt(ts, priority), ts);
            status = history.status();
            statusSince = history.statusSince();
            return;
        }
        java.util.TreeSet<Long> points = new java.util.TreeSet<>();
        points.add(ts);
        for (EndpointState ep : endpoints.values()) {
            ep.history.changesFrom(ts, points);
        }
        java.util.TreeMap<Long, String> timeline = new java.util.TreeMap<>();
        for (long p : points) {
            timeline.put(p, composedAt(p, priority));
        }
        history.recomposeFrom(ts, timeline);
        status = history.status();
        statusSince = history.statusSince();
    }

    private boolean inOrder(long ts) {
        if (history.status() != null && history.statusSince() > ts) {
            return false;
        }
        for (EndpointState ep : endpoints.values()) {
            Long since = ep.history.statusSince();
            if (since != null && since > ts) {
                return false;
            }
        }
        return true;
    }

    /** The composed status at t, from each endpoint's own timeline. */
    private String composedAt(long t, StatusPriority priority) {
        String composed = Actions.LOGGED_OUT;
        for (EndpointState ep : endpoints.values()) {
            String s = ep.history.statusAt(t);
            composed = priority.higher(composed, s == null ? Actions.LOGGED_OUT : s);
        }
        return composed;
    }

    /** Running actions over all endpoints. */
    public List<RunningAction> running() {
        List<RunningAction> all = new ArrayList<>();
        for (EndpointState ep : endpoints.values()) {
            all.addAll(ep.running);
        }
        return all;
    }

    public ObjectState currentState() {
        return new ObjectState(status, statusSince < 0 ? null : statusSince, endpointStatuses(endpoints.values()));
    }

    static List<ObjectState.EndpointStatus> endpointStatuses(Iterable<EndpointState> eps) {
        List<ObjectState.EndpointStatus> dns = new ArrayList<>();
        for (EndpointState ep : eps) {
            if (!Actions.LOGGED_OUT.equals(ep.status)) {
                dns.add(toStatus(ep));
            }
        }
        return dns;
    }

    static ObjectState.EndpointStatus toStatus(EndpointState ep) {
        return new ObjectState.EndpointStatus(ep.dn, ep.media, ep.status,
                ep.statusSince < 0 ? null : ep.statusSince, ep.statusCall);
    }
}
