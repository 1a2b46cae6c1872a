package io.switchboard.benchmarks;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.AgentState;
import io.switchboard.engine.internal.core.CallTrack;
import io.switchboard.engine.internal.core.DnState;
import io.switchboard.engine.internal.core.EndpointState;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.QueueState;
import io.switchboard.engine.internal.core.StatusPriority;
import io.switchboard.engine.internal.stats.ActionHistory;
import io.switchboard.engine.internal.stats.Formula;
import io.switchboard.engine.internal.stats.Partial;
import io.switchboard.engine.internal.stats.StatEvaluator;
import io.switchboard.engine.internal.stats.TenantSides;
import io.switchboard.engine.internal.stats.TimeProfile;
import io.switchboard.engine.internal.stats.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The engine's state machines and histories in plain maps, in one thread: what
 * {@code GridEngine.apply} does per batch (calls, then objects, then places and queue-side
 * answers) and what {@code ApplyEventProcessor}, {@code UpdatePlaceProcessor},
 * {@code StatProcessors.TrackCall/QueueAnswered} do per entry, minus Hazelcast. Values are
 * computed on demand from the histories, as {@code StatQuery} and {@code GridEngine.groupValue}
 * do, so core and grid give the same numbers for the same events.
 */
public final class CoreEngine {

    /** As ApplyEventProcessor.PRUNE_EVERY_MS (package-private there). */
    static final long PRUNE_EVERY_MS = 60_000;

    private final long historyMillis;
    private final StatusPriority table = StatusPriority.DEFAULT;
    private final Map<String, CallTrack> calls = new HashMap<>();
    final Map<String, AgentState> agents = new HashMap<>();
    final Map<String, QueueState> queues = new HashMap<>();
    final Map<String, PlaceState> places = new HashMap<>();
    final Map<String, DnState> dns = new HashMap<>();
    /** Parsed once per profile definition; the grid's StatQuery parses on every evaluation. */
    private final Map<Map<String, Object>, TimeProfile> profiles = new IdentityHashMap<>();

    public CoreEngine(long historyMillis) {
        this.historyMillis = historyMillis;
    }

    private record PlaceUpdate(String agent, String leftPlace, String place, PlaceState.Contribution contribution,
            List<ActionRecord> changes, long ts, String source, long seq) {
    }

    private record Answer(String queue, String call, long queuedAt, long establishedAt, String media,
            Map<String, String> data, String source, long seq) {
    }

    /** Applies a batch in the grid's phase order; returns the touched object keys (as GridEngine does). */
    public Set<String> apply(List<CanonicalEvent> events) {
        // Phase 1: calls.
        CallTrack.Info[] infos = new CallTrack.Info[events.size()];
        for (int i = 0; i < events.size(); i++) {
            CanonicalEvent e = events.get(i);
            if (e.call() != null) {
                CallTrack track = calls.computeIfAbsent(e.tenant() + '|' + e.call(), k -> new CallTrack());
                if (track.applied.mark(e.source(), e.seq())) {
                    CallTrack.Info info = track.apply(e);
                    track.applied.remember(e.source(), e.seq(), info);
                    infos[i] = info;
                }
            }
        }
        // Phase 2: objects. Per object the events keep their order, as the grid's one operation per key does.
        Set<String> touched = new HashSet<>();
        List<Answer> answers = new ArrayList<>();
        Map<String, List<PlaceUpdate>> byPlace = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            CallTrack.Info info = infos[i];
            CanonicalEvent raw = events.get(i);
            CanonicalEvent e = info != null && !info.data().equals(raw.data()) ? raw.withData(info.data()) : raw;
            boolean agentEvent = e.type().isAgentEvent();
            boolean atQueue = !agentEvent && e.queue() != null && !e.queue().isEmpty()
                    && e.type().kind() != EventType.Kind.DN;
            boolean atEndpoint = !agentEvent && (e.type().kind() == EventType.Kind.DN
                    || e.type().kind() == EventType.Kind.QUEUE_OR_DN && (e.dn() != null || !atQueue && e.agent() != null));
            if (atQueue) {
                QueueState q = queues.computeIfAbsent(e.queue(), id -> new QueueState(e.tenant(), id));
                touched.add(key(ObjectType.Queue, e.tenant(), e.queue()));
                if (q.applied.mark(e.source(), e.seq())) {
                    q.apply(e);
                    q.history().pruneEvery(e.ts() - historyMillis, PRUNE_EVERY_MS);
                }
            }
            if (agentEvent || atEndpoint) {
                if (e.agent() != null && !e.agent().isEmpty()) {
                    touched.add(key(ObjectType.Agent, e.tenant(), e.agent()));
                    applyAgent(e, byPlace);
                } else {
                    String dnKey = EndpointState.key(e);
                    DnState dn = dns.computeIfAbsent(dnKey, id -> new DnState(e.tenant(), id));
                    touched.add(key(ObjectType.DN, e.tenant(), dnKey));
                    if (dn.applied.mark(e.source(), e.seq())) {
                        dn.apply(e, table);
                        dn.endpoint().history().pruneEvery(e.ts() - historyMillis, PRUNE_EVERY_MS);
                    }
                }
            }
            if (info != null && info.answeredQueue() != null) {
                answers.add(new Answer(info.answeredQueue(), e.call(), info.queuedAt(), e.ts(), e.media(), e.data(),
                        e.source(), e.seq()));
            }
            if (e.dn() != null && e.isVoice()) {
                touched.add(key(ObjectType.DN, e.tenant(), e.dn()));
            }
        }
        // Phase 3: queue-side answers and places.
        for (Answer a : answers) {
            QueueState q = queues.computeIfAbsent(a.queue(), id -> new QueueState(Workload.TENANT, id));
            touched.add(key(ObjectType.Queue, Workload.TENANT, a.queue()));
            if (q.applied.mark(a.source() + "/answer", a.seq())) {
                q.answered(a.call(), a.queuedAt(), a.establishedAt(), a.media(), a.data());
            }
        }
        for (Map.Entry<String, List<PlaceUpdate>> p : byPlace.entrySet()) {
            PlaceState place = places.computeIfAbsent(p.getKey(), id -> new PlaceState(Workload.TENANT, id));
            touched.add(key(ObjectType.Place, Workload.TENANT, p.getKey()));
            List<PlaceUpdate> updates = p.getValue();
            updates.sort((a, b) -> Long.compare(a.seq(), b.seq()));
            for (PlaceUpdate u : updates) {
                if (place.applied.mark(u.source() + "/place", u.seq())) {
                    place.update(u.agent(), u.contribution(), u.changes(), u.ts(), table);
                    place.history().pruneEvery(u.ts() - historyMillis, PRUNE_EVERY_MS);
                }
            }
        }
        return touched;
    }

    /** ApplyEventProcessor.apply for an agent, with the place updates GridEngine's phase 3 derives from it. */
    private void applyAgent(CanonicalEvent e, Map<String, List<PlaceUpdate>> byPlace) {
        AgentState agent = agents.computeIfAbsent(e.agent(), id -> new AgentState(e.tenant(), id));
        if (!agent.applied.mark(e.source(), e.seq())) {
            return;
        }
        long horizon = e.ts() - historyMillis;
        String placeBefore = agent.place();
        List<ActionRecord> changes = agent.apply(e, table);
        agent.history().pruneEvery(horizon, PRUNE_EVERY_MS);
        for (EndpointState ep : agent.endpoints().values()) {
            ep.history().pruneEvery(horizon, PRUNE_EVERY_MS);
        }
        if (agent.place() != null) {
            String left = placeBefore != null && !placeBefore.equals(agent.place()) ? placeBefore : null;
            PlaceUpdate u = new PlaceUpdate(agent.id(), left, agent.place(), PlaceState.Contribution.of(agent),
                    changes, e.ts(), e.source(), e.seq());
            agent.applied.remember(e.source(), e.seq(), u);
            if (left != null) {
                byPlace.computeIfAbsent(left, k -> new ArrayList<>())
                        .add(new PlaceUpdate(u.agent(), null, left, null, List.of(), u.ts(), u.source(), u.seq()));
            }
            byPlace.computeIfAbsent(agent.place(), k -> new ArrayList<>()).add(u);
        }
    }

    static String key(ObjectType type, String tenant, String id) {
        return new ObjectRef(tenant, type, id).key();
    }

    // ------------------------------------------------------------------ values on demand

    public StatValue evaluate(StatRequest r, long t) {
        return value(r.object(), r.statType(), profile(r.inlineProfile()), r.filter() == null ? Filter.NONE : r.filter(),
                t).at(t);
    }

    private TimeProfile profile(Map<String, Object> definition) {
        return profiles.computeIfAbsent(definition, TimeProfile::parse);
    }

    public Value value(ObjectRef ref, StatType type, TimeProfile profile, Filter filter, long t) {
        switch (ref.type()) {
            case AgentGroup: {
                List<ActionHistory> members = new ArrayList<>();
                for (String m : Workload.membersOf(Integer.parseInt(ref.id().substring("group-".length())))) {
                    members.add(historyOf(agents.get(m)));
                }
                return StatEvaluator.evaluateGroup(type, ObjectType.Agent, members, profile, t, filter,
                        StatMix.TYPES::get);
            }
            case Tenant:
                if (type.parsedCategory() == Category.Formula) {
                    return Formula.parse(type.formula()).evaluate(name -> {
                        StatType operand = StatMix.TYPES.get(name);
                        return operand == null ? null
                                : tenantPartial(operand, profile, filter, t).value(operand.parsedCategory());
                    });
                }
                return tenantPartial(type, profile, filter, t).value(type.parsedCategory());
            default: {
                ActionHistory h = historyOf(stateOf(ref));
                return StatEvaluator.evaluate(type, ref.type(), h, profile, t, filter,
                        StatEvaluator.resolver(StatMix.TYPES::get, ref.type(), h, profile, t, filter));
            }
        }
    }

    private Object stateOf(ObjectRef ref) {
        return switch (ref.type()) {
            case Agent -> agents.get(ref.id());
            case Queue -> queues.get(ref.id());
            case Place -> places.get(ref.id());
            case DN -> dns.get(ref.id());
            default -> null;
        };
    }

    private static ActionHistory historyOf(Object state) {
        if (state instanceof AgentState a) {
            return a.history();
        }
        if (state instanceof QueueState q) {
            return q.history();
        }
        if (state instanceof PlaceState p) {
            return p.history();
        }
        if (state instanceof DnState d) {
            return d.endpoint().history();
        }
        return new ActionHistory();
    }

    /**
     * StatProcessors.TenantPartial (package-private there): agents and agent-less DNs count
     * without the queue-side names (fine point 11), queues count as they are; places are their
     * agents'.
     */
    private Partial tenantPartial(StatType type, TimeProfile profile, Filter filter, long t) {
        Partial sum = Partial.empty(profile);
        boolean byStatus = type.subject() == StatType.Subject.Status;
        StatType agentSide = TenantSides.agentSide(type);
        for (AgentState a : agents.values()) {
            sum = sum.combine(StatEvaluator.partial(agentSide, ObjectType.Agent, a.history(), profile, t, filter));
        }
        if (byStatus) {
            return sum;
        }
        for (DnState d : dns.values()) {
            sum = sum.combine(StatEvaluator.partial(agentSide, ObjectType.DN, d.endpoint().history(), profile, t,
                    filter));
        }
        for (QueueState q : queues.values()) {
            sum = sum.combine(StatEvaluator.partial(type, ObjectType.Queue, q.history(), profile, t, filter));
        }
        return sum;
    }

    public int objectCount() {
        return agents.size() + queues.size() + places.size() + dns.size();
    }

    /** Finished actions held over all histories: what an evaluation of the tenant scans. */
    public long finishedActions() {
        long n = 0;
        for (AgentState a : agents.values()) {
            n += a.history().finishedCount();
        }
        for (QueueState q : queues.values()) {
            n += q.history().finishedCount();
        }
        return n;
    }
}
