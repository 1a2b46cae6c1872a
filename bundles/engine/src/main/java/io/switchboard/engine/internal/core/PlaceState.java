package io.switchboard.engine.internal.core;

import io.switchboard.api.model.ObjectState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
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

    /**
     * What one agent contributes to the place: its endpoints' statuses and running actions, and
     * its composed status timeline from the stretch covering the event that sent it (the place's
     * status is the highest of its agents' composed statuses, so the place recomposes its own
     * timeline from these when an agent's event is older than the place's current stretch).
     */
    public static final class Contribution {
        private final List<ObjectState.EndpointStatus> endpoints;
        private final List<RunningAction> running;
        private final SortedMap<Long, String> timeline;

        public Contribution(List<ObjectState.EndpointStatus> endpoints, List<RunningAction> running,
                SortedMap<Long, String> timeline) {
            this(List.copyOf(endpoints), List.copyOf(running), new TreeMap<>(timeline), true);
        }

        public Contribution(List<ObjectState.EndpointStatus> endpoints, List<RunningAction> running) {
            this(endpoints, running, new TreeMap<>());
        }

        /**
         * Takes a timeline no one else holds, without a copy: every event at a place made two
         * copies of up to {@link #KEPT_CHANGES} changes, a third of the place's update.
         */
        private Contribution(List<ObjectState.EndpointStatus> endpoints, List<RunningAction> running,
                TreeMap<Long, String> owned, boolean own) {
            this.endpoints = endpoints;
            this.running = running;
            this.timeline = Collections.unmodifiableSortedMap(owned);
        }

        public List<ObjectState.EndpointStatus> endpoints() {
            return endpoints;
        }

        public List<RunningAction> running() {
            return running;
        }

        public SortedMap<Long, String> timeline() {
            return timeline;
        }

        /** The agent's contribution after its event at {@code ts}. */
        public static Contribution of(AgentState agent, long ts) {
            return new Contribution(List.copyOf(AgentState.endpointStatuses(agent.endpoints.values())),
                    List.copyOf(agent.running()), agent.history.timelineFrom(ts), true);
        }

        public static Contribution of(AgentState agent) {
            return of(agent, agent.statusSince);
        }

        /**
         * This contribution with the earlier part of the agent's timeline that {@code previous}
         * knew: an older event of another agent recomposes the place from before this one's
         * event. Only the last {@link #KEPT_CHANGES} changes are kept, far more than the few
         * seconds by which sources interleave.
         */
        Contribution after(Contribution previous) {
            if (previous == null || previous.timeline.isEmpty() || timeline.isEmpty()) {
                return this;
            }
            TreeMap<Long, String> merged = new TreeMap<>(previous.timeline.headMap(timeline.firstKey()));
            merged.putAll(timeline);
            while (merged.size() > KEPT_CHANGES) {
                merged.pollFirstEntry();
            }
            return new Contribution(endpoints, running, merged, true);
        }

        /** This agent's composed status at t; before the timeline's first entry, its first value. */
        String statusAt(long t, StatusPriority priority) {
            if (timeline.isEmpty()) {
                String composed = Actions.LOGGED_OUT;
                for (ObjectState.EndpointStatus ep : endpoints) {
                    composed = priority.higher(composed, ep.status());
                }
                return composed;
            }
            SortedMap<Long, String> upToT = t == Long.MAX_VALUE ? timeline : timeline.headMap(t + 1);
            return timeline.get(upToT.isEmpty() ? timeline.firstKey() : upToT.lastKey());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Contribution c && endpoints.equals(c.endpoints) && running.equals(c.running)
                    && timeline.equals(c.timeline);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(endpoints, running, timeline);
        }

        @Override
        public String toString() {
            return "Contribution[endpoints=" + endpoints + ", running=" + running + ", timeline=" + timeline + "]";
        }
    }

    /** Changes of an agent's composed status a place remembers (see {@link Contribution#after}). */
    static final int KEPT_CHANGES = 32;
    /**
     * How long a place remembers the timeline of an agent that left it, for events of other
     * sources stamped earlier that arrive late (sources interleave by seconds, not minutes).
     */
    static final long KEEP_DEPARTED_MS = 10 * 60_000L;

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
        history.append(changes);
        update(agent, c, ts, priority);
    }

    /**
     * The place's composed timeline (its history's stretches, where status, since and every
     * Status-subject statistic come from) is recomputed from {@code ts} on out of its agents'
     * timelines: agents fed by different sources interleave out of time order.
     */
    public void update(String agent, Contribution c, long ts, StatusPriority priority) {
        Contribution previous = agents.get(agent);
        if (c == null || c.endpoints().isEmpty() && c.running().isEmpty()) {
            // Gone from the place, but an older event of another agent may still recompose the
            // time it was here: keep its timeline, ending LoggedOut at ts, for a while.
            if (previous != null || c != null) {
                TreeMap<Long, String> gone = new TreeMap<>(c == null ? Map.of() : c.timeline());
                gone.tailMap(ts, false).clear();
                gone.put(ts, Actions.LOGGED_OUT);
                agents.put(agent, new Contribution(List.of(), List.of(), gone).after(previous));
            }
        } else {
            agents.put(agent, c.after(previous));
        }
        agents.values().removeIf(each -> each.endpoints().isEmpty() && each.running().isEmpty()
                && !each.timeline().isEmpty() && each.timeline().lastKey() + KEEP_DEPARTED_MS < ts);
        TreeMap<Long, String> timeline = new TreeMap<>();
        if (agents.size() == 1) {
            // one agent at the place (the usual desk): its own changes from ts on are the points
            Contribution only = agents.values().iterator().next();
            timeline.put(ts, priority.higher(Actions.LOGGED_OUT, only.statusAt(ts, priority)));
            for (Map.Entry<Long, String> e : only.timeline().tailMap(ts).entrySet()) {
                timeline.put(e.getKey(), priority.higher(Actions.LOGGED_OUT, e.getValue()));
            }
        } else {
            composeFrom(agents.values(), ts, priority, timeline);
        }
        history.recomposeFrom(ts, timeline);
        status = history.status();
        statusSince = history.statusSince();
    }

    /**
     * The place's points from {@code ts} on (ts and every later change of any agent), each the
     * highest of its agents' statuses there: one sweep over the agents' timelines in time order,
     * each agent's status carried from point to point. Looking each agent up at each point made
     * the place's update half of a partition thread's time under interleaved sources.
     */
    static void composeFrom(java.util.Collection<Contribution> agents, long ts, StatusPriority priority,
            TreeMap<Long, String> into) {
        int n = agents.size();
        String[] current = new String[n];
        @SuppressWarnings("unchecked")
        java.util.Iterator<Map.Entry<Long, String>>[] later = new java.util.Iterator[n];
        @SuppressWarnings("unchecked")
        Map.Entry<Long, String>[] next = new Map.Entry[n];
        int i = 0;
        for (Contribution each : agents) {
            current[i] = each.statusAt(ts, priority);
            later[i] = ts == Long.MAX_VALUE ? java.util.Collections.emptyIterator()
                    : each.timeline().tailMap(ts + 1).entrySet().iterator();
            next[i] = later[i].hasNext() ? later[i].next() : null;
            i++;
        }
        long point = ts;
        while (true) {
            String composed = Actions.LOGGED_OUT;
            for (String status : current) {
                composed = priority.higher(composed, status);
            }
            into.put(point, composed);
            long following = Long.MAX_VALUE;
            boolean more = false;
            for (Map.Entry<Long, String> e : next) {
                if (e != null && (!more || e.getKey() < following)) {
                    following = e.getKey();
                    more = true;
                }
            }
            if (!more) {
                return;
            }
            for (int j = 0; j < n; j++) {
                while (next[j] != null && next[j].getKey() == following) {
                    current[j] = next[j].getValue();
                    next[j] = later[j].hasNext() ? later[j].next() : null;
                }
            }
            point = following;
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
