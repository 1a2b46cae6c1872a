package io.switchboard.engine.internal.grid;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.grid.StatProcessors.QueueAnswered;
import io.switchboard.engine.internal.core.CallTrack;
import io.switchboard.engine.internal.core.EndpointState;
import io.switchboard.engine.internal.stats.Formula;
import io.switchboard.engine.internal.stats.Partial;
import io.switchboard.engine.internal.stats.StatEvaluator;
import io.switchboard.engine.internal.stats.TimeProfile;
import io.switchboard.engine.internal.stats.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Places the core's state machines on the grid: one map entry per object, updated by entry
 * processors on the owning partition and evaluated there too, so only values travel. A batch
 * is applied in phases, each submitted in event order from one thread (which keeps the order per
 * key): calls first (their data merged over all objects, and which queue an answer counts on),
 * then the objects, then what follows from them (places, queue-side answers).
 */
public final class GridEngine {

    public static final String OBJECTS = "sb.objects";
    public static final String CALLS = "sb.calls";
    public static final String DN_INDEX = "sb.dn-index";

    private static final long TIMEOUT_SECONDS = 60;
    /** A call not heard of for this long is forgotten (its queue answer can no longer count). */
    private static final int CALL_IDLE_SECONDS = 2 * 24 * 3600;

    private final IMap<String, Object> objects;
    private final IMap<String, Object> calls;
    private final IMap<String, String> dnIndex;
    private final ConfigStore config;
    private final long historyMillis;
    /** Tenants with their own status priority table; others use the default. */
    private final Map<String, List<String>> priorities = new ConcurrentHashMap<>();

    public GridEngine(HazelcastInstance hz, ConfigStore config, long historyMillis) {
        MapConfig defaults = hz.getConfig().getMapConfig("default");
        int backups = defaults.getBackupCount();
        // the grid's split-brain protection (a solution's majority for writes) holds for these too
        String protection = defaults.getSplitBrainProtectionName();
        // Object format: entry processors work on the live state instead of decoding and encoding
        // a whole history for every event; backups re-run the same processors.
        // No per-map statistics: nothing reads them, and each operation would pay for their upkeep.
        hz.getConfig().addMapConfig(new MapConfig(OBJECTS).setInMemoryFormat(InMemoryFormat.OBJECT)
                .setBackupCount(backups).setStatisticsEnabled(false).setSplitBrainProtectionName(protection));
        hz.getConfig().addMapConfig(new MapConfig(CALLS).setInMemoryFormat(InMemoryFormat.OBJECT)
                .setBackupCount(backups).setMaxIdleSeconds(CALL_IDLE_SECONDS).setStatisticsEnabled(false)
                .setSplitBrainProtectionName(protection));
        this.objects = hz.getMap(OBJECTS);
        this.calls = hz.getMap(CALLS);
        this.dnIndex = hz.getMap(DN_INDEX);
        this.config = config;
        this.historyMillis = historyMillis;
    }

    /** The codecs this engine needs registered with the grid. */
    public static List<GridCodec<?>> codecs() {
        return GridCodecs.all();
    }

    public void setPriority(String tenant, List<String> order) {
        if (order == null) {
            priorities.remove(tenant);
        } else {
            priorities.put(tenant, List.copyOf(order));
        }
    }

    // ------------------------------------------------------------------ applying events

    /** As {@link #applyChanges}, the keys only. */
    public Set<String> apply(List<CanonicalEvent> events) {
        return new HashSet<>(applyChanges(events).keys());
    }

    /**
     * Applies a batch in order; returns once every object it touched is updated, with the keys of
     * those objects and what changed in each. Each phase sends one operation per key with that
     * key's events in order.
     */
    public Touched applyChanges(List<CanonicalEvent> events) {
        // Phase 1: calls.
        Map<String, List<Integer>> byCall = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            CanonicalEvent e = events.get(i);
            if (e.call() != null) {
                byCall.computeIfAbsent(e.tenant() + '|' + e.call(), k -> new ArrayList<>()).add(i);
            }
        }
        CallTrack.Info[] infos = new CallTrack.Info[events.size()];
        Map<String, CompletableFuture<Object>> callOps = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> c : byCall.entrySet()) {
            callOps.put(c.getKey(), submit(calls, c.getKey(), new StatProcessors.TrackCall(pick(events, c.getValue()))));
        }
        awaitAll(callOps.values());
        for (Map.Entry<String, List<Integer>> c : byCall.entrySet()) {
            List<?> results = (List<?>) callOps.get(c.getKey()).join();
            for (int k = 0; k < results.size(); k++) {
                infos[c.getValue().get(k)] = (CallTrack.Info) results.get(k);
            }
        }

        // Phase 2: objects, each event with its call's merged data.
        Map<String, List<CanonicalEvent>> byObject = new LinkedHashMap<>();
        Map<String, List<QueueAnswered.Answer>> answers = new LinkedHashMap<>();
        List<CompletableFuture<Object>> pending = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            CanonicalEvent e = events.get(i);
            CallTrack.Info info = infos[i];
            if (info != null && !info.data().equals(e.data())) {
                e = e.withData(info.data());
            }
            for (String key : keysOf(e)) {
                byObject.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            }
            if (e.type() == EventType.AgentLogin && e.isVoice()) {
                pending.add(dnIndex.setAsync(Keys.dnIndexKey(e.tenant(), e.dn()), e.agent())
                        .toCompletableFuture().thenApply(v -> null));
            }
            if (info != null && info.answeredQueue() != null) {
                answers.computeIfAbsent(Keys.of(ObjectType.Queue, e.tenant(), info.answeredQueue()),
                        k -> new ArrayList<>()).add(new QueueAnswered.Answer(e.call(), info.queuedAt(), e.ts(),
                                e.media(), e.data(), e.source(), e.seq()));
            }
        }
        Map<String, CompletableFuture<Object>> objectOps = new LinkedHashMap<>();
        for (Map.Entry<String, List<CanonicalEvent>> o : byObject.entrySet()) {
            String tenant = Keys.tenantOf(o.getKey());
            objectOps.put(o.getKey(), submit(objects, o.getKey(),
                    new ApplyEventProcessor(o.getValue(), priorities.get(tenant), historyMillis)));
        }
        pending.addAll(objectOps.values());
        awaitAll(pending);

        // Phase 3: places and queue-side answers.
        pending.clear();
        List<String> answerKeys = new ArrayList<>(answers.size());
        List<CompletableFuture<Object>> answerOps = new ArrayList<>(answers.size());
        for (Map.Entry<String, List<QueueAnswered.Answer>> a : answers.entrySet()) {
            answerKeys.add(a.getKey());
            answerOps.add(submit(objects, a.getKey(), new QueueAnswered(a.getValue())));
        }
        pending.addAll(answerOps);
        Map<String, List<UpdatePlaceProcessor.Update>> byPlace = new LinkedHashMap<>();
        List<String> placeKeys = new ArrayList<>();
        List<CompletableFuture<Object>> placeOps = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Object>> o : objectOps.entrySet()) {
            if (Keys.typeOf(o.getKey()) != ObjectType.Agent) {
                continue;
            }
            for (Object r : (List<?>) o.getValue().join()) {
                if (r instanceof PlaceUpdate u) {
                    if (u.leftPlace() != null) {
                        byPlace.computeIfAbsent(Keys.of(ObjectType.Place, u.tenant(), u.leftPlace()),
                                k -> new ArrayList<>()).add(new UpdatePlaceProcessor.Update(u.agent(), null, List.of(),
                                        u.ts(), u.source(), u.seq()));
                    }
                    byPlace.computeIfAbsent(Keys.of(ObjectType.Place, u.tenant(), u.place()), k -> new ArrayList<>())
                            .add(new UpdatePlaceProcessor.Update(u.agent(), u.contribution(), u.changes(), u.ts(),
                                    u.source(), u.seq()));
                }
            }
        }
        for (Map.Entry<String, List<UpdatePlaceProcessor.Update>> p : byPlace.entrySet()) {
            // in seq order: the place keeps the last seq per source, and each update is a
            // snapshot of its agent, so the order across agents does not matter
            p.getValue().sort((a, b) -> Long.compare(a.seq(), b.seq()));
            placeKeys.add(p.getKey());
            placeOps.add(submit(objects, p.getKey(), new UpdatePlaceProcessor(p.getValue(),
                    priorities.get(Keys.tenantOf(p.getKey())), historyMillis)));
        }
        pending.addAll(placeOps);
        awaitAll(pending);

        Map<String, List<String>> touched = new HashMap<>(Math.max(16, byObject.size() * 3));
        for (Map.Entry<String, CompletableFuture<Object>> o : objectOps.entrySet()) {
            touched.put(o.getKey(), changedOf(o.getValue().join()));
        }
        for (int i = 0; i < answerOps.size(); i++) {
            String key = answerKeys.get(i);
            List<String> changed = changedOf(answerOps.get(i).join());
            // (no Map.merge: null stands for "anything" here, and merge treats it as "remove")
            touched.put(key, touched.containsKey(key) ? union(touched.get(key), changed) : changed);
        }
        for (int i = 0; i < placeOps.size(); i++) {
            touched.put(placeKeys.get(i), changedOf(placeOps.get(i).join()));
        }
        for (CanonicalEvent e : events) {
            if (e.dn() != null && e.isVoice()) {
                // a DN's statistics read its agent's endpoint or its own history: not told apart here
                touched.put(Keys.of(ObjectType.DN, e.tenant(), e.dn()), null);
            }
        }
        long latest = Long.MIN_VALUE;
        for (CanonicalEvent e : events) {
            latest = Math.max(latest, e.ts());
        }
        return new Touched(touched, latest);
    }

    /** What an operation reported it changed (its last result), or null (anything) when it did not say. */
    private static List<String> changedOf(Object result) {
        if (result instanceof Changed c) {
            return c.names();
        }
        if (result instanceof List<?> l && !l.isEmpty() && l.get(l.size() - 1) instanceof Changed c) {
            return c.names();
        }
        return null;
    }

    private static List<String> union(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return null;
        }
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static List<CanonicalEvent> pick(List<CanonicalEvent> events, List<Integer> indexes) {
        List<CanonicalEvent> picked = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            picked.add(events.get(i));
        }
        return picked;
    }

    /** The objects an event is applied to (agent, agent-less DN, queue). */
    private static List<String> keysOf(CanonicalEvent e) {
        if (e.type().isAgentEvent()) {
            return List.of(Keys.of(ObjectType.Agent, e.tenant(), e.agent()));
        }
        List<String> keys = new ArrayList<>(2);
        boolean atQueue = e.queue() != null && !e.queue().isEmpty() && e.type().kind() != EventType.Kind.DN;
        if (atQueue) {
            keys.add(Keys.of(ObjectType.Queue, e.tenant(), e.queue()));
        }
        boolean atEndpoint = e.type().kind() == EventType.Kind.DN
                || e.type().kind() == EventType.Kind.QUEUE_OR_DN && (e.dn() != null || !atQueue && e.agent() != null);
        if (atEndpoint) {
            keys.add(e.agent() != null && !e.agent().isEmpty() ? Keys.of(ObjectType.Agent, e.tenant(), e.agent())
                    : Keys.of(ObjectType.DN, e.tenant(), EndpointState.key(e)));
        }
        return keys;
    }

    private static CompletableFuture<Object> submit(IMap<String, Object> map, String key,
            EntryProcessor<String, Object, Object> p) {
        return map.submitToKey(key, p).toCompletableFuture();
    }

    private static void awaitAll(java.util.Collection<CompletableFuture<Object>> futures) {
        List<CompletableFuture<Object>> real = new ArrayList<>(futures.size());
        for (CompletableFuture<Object> f : futures) {
            if (f != null) {
                real.add(f);
            }
        }
        if (real.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(real.toArray(new CompletableFuture[0])).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying events", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("applying events failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("applying events timed out after " + TIMEOUT_SECONDS + " s", e);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Where an object's state lives: its map key, and for a DN held by an agent, the endpoint. */
    private record Location(String key, String endpoint) {
    }

    private Location locate(ObjectRef ref) {
        if (ref.type() == ObjectType.DN) {
            String agent = dnIndex.get(Keys.dnIndexKey(ref.tenant(), ref.id()));
            if (agent != null) {
                return new Location(Keys.of(ObjectType.Agent, ref.tenant(), agent), ref.id());
            }
        }
        return new Location(ref.key(), null);
    }

    public ObjectState state(ObjectRef ref) {
        if (!ref.type().hasStatus()) {
            throw SwitchboardException.badRequest("CurrentState is for Agent, Place and DN, not " + ref.type(), "type");
        }
        Location at = locate(ref);
        ObjectState s = (ObjectState) objects.executeOnKey(at.key(), new StatProcessors.StateOf(at.endpoint()));
        if (at.endpoint() != null && s.since() == null) {
            // The DN's agent has never used it: it may have events of its own.
            return (ObjectState) objects.executeOnKey(ref.key(), new StatProcessors.StateOf(null));
        }
        return s;
    }

    /**
     * The value of a statistic at {@code t}.
     *
     * @param types stat types by name, for formulas
     */
    public Value evaluate(ObjectRef ref, StatType type, Map<String, Object> profile, Filter filter, long t,
            Function<String, StatType> types) {
        TimeProfile parsedProfile;
        try {
            parsedProfile = TimeProfile.parse(profile);
            if (type.parsedCategory() == Category.Java) {
                return pluginValue(ref, type, profile, parsedProfile, filter == null ? Filter.NONE : filter, t);
            }
            StatEvaluator.validate(type, parsedProfile);
        } catch (IllegalArgumentException e) {
            throw SwitchboardException.badRequest(e.getMessage(), detailOf(e.getMessage()));
        }
        Map<String, StatType> refs = references(type, types);
        StatQuery query = new StatQuery(type, profile, filter == null ? Filter.NONE : filter, t, refs, null);
        try {
            switch (ref.type()) {
                case Tenant:
                case AgentGroup:
                case PlaceGroup:
                case QueueGroup:
                    return groupValue(ref, query, parsedProfile);
                default: {
                    Location at = locate(ref);
                    return valueAt(at.key(), new StatQuery(type, profile, query.filter(), t, refs, at.endpoint()));
                }
            }
        } catch (IllegalArgumentException e) {
            throw SwitchboardException.badRequest(e.getMessage(), "statType");
        }
    }

    /** One statistic of one object, in the grid operation a batch would use for it. */
    private Value valueAt(String key, StatQuery query) {
        Object v = ((List<?>) objects.executeOnKey(key, new StatProcessors.EvaluateMany(List.of(query)))).get(0);
        if (v instanceof String message) {
            throw new IllegalArgumentException(message);
        }
        return (Value) v;
    }

    /** One statistic of a batch: its definition and the time of its value. */
    public record Request(ObjectRef ref, StatType type, Map<String, Object> profile, Filter filter, long t) {
    }

    /**
     * The values of many statistics at once, as {@link #evaluate} gives them one by one: the
     * statistics of one object are evaluated in one grid operation, and the operations of all the
     * objects are under way together (the notifier's pass costs a round trip per object, not per
     * statistic). Each slot holds the {@link Value} or the RuntimeException that evaluating it raised.
     */
    public Object[] evaluateAll(List<Request> requests, Function<String, StatType> types) {
        Object[] out = new Object[requests.size()];
        Map<String, List<Integer>> slots = new LinkedHashMap<>();
        Map<String, List<StatQuery>> queries = new HashMap<>();
        Map<String, List<Integer>> tenantSlots = new LinkedHashMap<>();
        Map<String, List<StatQuery>> tenantQueries = new HashMap<>();
        // groups: one operation per member for all the group values it is part of
        Map<Integer, GroupSlot> groups = new LinkedHashMap<>();
        Map<String, List<StatQuery>> memberQueries = new LinkedHashMap<>();
        Map<String, List<int[]>> memberSlots = new HashMap<>();
        for (int i = 0; i < out.length; i++) {
            Request r = requests.get(i);
            try {
                Category category = r.type().parsedCategory();
                if (r.ref().type() == ObjectType.Tenant && category != Category.Formula && category != Category.Java) {
                    TimeProfile parsed = TimeProfile.parse(r.profile());
                    StatEvaluator.validate(r.type(), parsed);
                    tenantSlots.computeIfAbsent(r.ref().tenant(), k -> new ArrayList<>()).add(i);
                    tenantQueries.computeIfAbsent(r.ref().tenant(), k -> new ArrayList<>()).add(
                            new StatQuery(r.type(), r.profile(), r.filter() == null ? Filter.NONE : r.filter(), r.t(),
                                    Map.of(), null));
                    continue;
                }
                if (r.ref().type().isGroup() && category != Category.Formula && category != Category.Java) {
                    TimeProfile parsed = TimeProfile.parse(r.profile());
                    StatEvaluator.validate(r.type(), parsed);
                    ObjectType memberType = memberTypeOf(r.ref().type());
                    List<String> members = config.members(r.ref().tenant(), r.ref().type().name(), r.ref().id());
                    StatQuery q = new StatQuery(r.type(), r.profile(), r.filter() == null ? Filter.NONE : r.filter(),
                            r.t(), Map.of(), null);
                    groups.put(i, new GroupSlot(parsed, new Partial[members.size()]));
                    for (int j = 0; j < members.size(); j++) {
                        String key = Keys.of(memberType, r.ref().tenant(), members.get(j));
                        memberQueries.computeIfAbsent(key, k -> new ArrayList<>(4)).add(q);
                        memberSlots.computeIfAbsent(key, k -> new ArrayList<>(4)).add(new int[] {i, j});
                    }
                    continue;
                }
                if (r.ref().type().isGroup() || r.ref().type() == ObjectType.Tenant || category == Category.Java) {
                    out[i] = evaluate(r.ref(), r.type(), r.profile(), r.filter(), r.t(), types);
                    continue;
                }
                StatEvaluator.validate(r.type(), TimeProfile.parse(r.profile()));
                Map<String, StatType> refs = references(r.type(), types);
                Location at = locate(r.ref());
                slots.computeIfAbsent(at.key(), k -> new ArrayList<>(4)).add(i);
                queries.computeIfAbsent(at.key(), k -> new ArrayList<>(4)).add(new StatQuery(r.type(), r.profile(),
                        r.filter() == null ? Filter.NONE : r.filter(), r.t(), refs, at.endpoint()));
            } catch (IllegalArgumentException e) {
                out[i] = SwitchboardException.badRequest(e.getMessage(), detailOf(e.getMessage()));
            } catch (RuntimeException e) {
                out[i] = e;
            }
        }
        // every operation under way before the first answer is awaited
        Map<String, CompletableFuture<Object>> running = new LinkedHashMap<>();
        for (Map.Entry<String, List<StatQuery>> e : queries.entrySet()) {
            running.put(e.getKey(), submit(objects, e.getKey(), new StatProcessors.EvaluateMany(e.getValue())));
        }
        Map<String, CompletableFuture<Object>> memberOps = new LinkedHashMap<>();
        for (Map.Entry<String, List<StatQuery>> e : memberQueries.entrySet()) {
            memberOps.put(e.getKey(), submit(objects, e.getKey(), new StatProcessors.PartialsMany(e.getValue())));
        }
        Map<String, CompletableFuture<Map<String, Object>>> tenantOps = new LinkedHashMap<>();
        for (Map.Entry<String, List<StatQuery>> e : tenantQueries.entrySet()) {
            tenantOps.put(e.getKey(), tenantPartials(e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, CompletableFuture<Map<String, Object>>> e : tenantOps.entrySet()) {
            List<Integer> mine = tenantSlots.get(e.getKey());
            try {
                List<Partial> partials = combineTenant(e.getValue().join(), tenantQueries.get(e.getKey()));
                for (int j = 0; j < mine.size(); j++) {
                    out[mine.get(j)] = partials.get(j).value(requests.get(mine.get(j)).type().parsedCategory());
                }
            } catch (IllegalArgumentException ex) {
                for (int slot : mine) {
                    out[slot] = SwitchboardException.badRequest(ex.getMessage(), "statType");
                }
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException ex) {
                RuntimeException cause = ex.getCause() instanceof IllegalArgumentException iae
                        ? SwitchboardException.badRequest(iae.getMessage(), "statType")
                        : ex.getCause() instanceof RuntimeException re ? re : ex;
                for (int slot : mine) {
                    out[slot] = cause;
                }
            } catch (RuntimeException ex) {
                for (int slot : mine) {
                    out[slot] = ex;
                }
            }
        }
        for (Map.Entry<String, CompletableFuture<Object>> e : memberOps.entrySet()) {
            List<int[]> mine = memberSlots.get(e.getKey());
            try {
                List<?> partials = (List<?>) e.getValue().join();
                if (partials == null) {
                    // every partial of this member neutral: its slots stay null, which combine skips
                    continue;
                }
                for (int j = 0; j < mine.size(); j++) {
                    Object p = partials.get(j);
                    int[] slot = mine.get(j);
                    if (p instanceof String message) {
                        out[slot[0]] = SwitchboardException.badRequest(message, "statType");
                    } else if (out[slot[0]] == null) {
                        groups.get(slot[0]).members[slot[1]] = (Partial) p;
                    }
                }
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException ex) {
                RuntimeException cause = ex.getCause() instanceof RuntimeException re ? re : ex;
                for (int[] slot : mine) {
                    out[slot[0]] = cause;
                }
            }
        }
        for (Map.Entry<Integer, GroupSlot> g : groups.entrySet()) {
            int i = g.getKey();
            if (out[i] == null) {
                try {
                    out[i] = Partial.combine(java.util.Arrays.asList(g.getValue().members), g.getValue().profile)
                            .value(requests.get(i).type().parsedCategory());
                } catch (IllegalArgumentException ex) {
                    out[i] = SwitchboardException.badRequest(ex.getMessage(), "statType");
                } catch (RuntimeException ex) {
                    out[i] = ex;
                }
            }
        }
        for (Map.Entry<String, CompletableFuture<Object>> e : running.entrySet()) {
            List<Integer> mine = slots.get(e.getKey());
            try {
                List<?> values = (List<?>) e.getValue().join();
                for (int j = 0; j < mine.size(); j++) {
                    Object v = values.get(j);
                    out[mine.get(j)] = v instanceof String message
                            ? SwitchboardException.badRequest(message, "statType") : v;
                }
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException ex) {
                RuntimeException cause = ex.getCause() instanceof RuntimeException re ? re : ex;
                for (int slot : mine) {
                    out[slot] = cause;
                }
            }
        }
        return out;
    }

    /**
     * Each of the tenant's objects' partials of the queries: one read-only operation per
     * partition over its entries. Submitting to a key set would cost each partition's operation a
     * hash of every key of the set (Hazelcast picks its own keys out of the whole set).
     */
    private CompletableFuture<Map<String, Object>> tenantPartials(String tenant, List<StatQuery> queries) {
        try {
            return CompletableFuture.completedFuture(
                    objects.executeOnEntries(new StatProcessors.PartialsMany(queries, tenant)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sums the objects' partials query by query (an error message of any object fails that query). */
    private static List<Partial> combineTenant(Map<String, Object> byKey, List<StatQuery> queries) {
        Partial[] sums = new Partial[queries.size()];
        for (Object v : byKey.values()) {
            if (v == null) {
                continue;
            }
            List<?> partials = (List<?>) v;
            for (int j = 0; j < sums.length; j++) {
                Object p = partials.get(j);
                if (p instanceof String message) {
                    throw new IllegalArgumentException(message);
                }
                if (p != null) {
                    sums[j] = sums[j] == null ? (Partial) p : sums[j].combine((Partial) p);
                }
            }
        }
        List<Partial> out = new ArrayList<>(sums.length);
        for (int j = 0; j < sums.length; j++) {
            out.add(sums[j] != null ? sums[j] : Partial.empty(queries.get(j).timeProfile()));
        }
        return out;
    }

    /** A group value being gathered: its profile and each member's partial, in member order. */
    private record GroupSlot(TimeProfile profile, Partial[] members) {
    }

    private static ObjectType memberTypeOf(ObjectType group) {
        return group == ObjectType.AgentGroup ? ObjectType.Agent
                : group == ObjectType.PlaceGroup ? ObjectType.Place : ObjectType.Queue;
    }

    private Value pluginValue(ObjectRef ref, StatType type, Map<String, Object> profile, TimeProfile parsed,
            Filter filter, long t) {
        if (parsed.type() == TimeProfile.Type.SELECTION) {
            throw new IllegalArgumentException("plug-in categories cannot be used with a selection profile");
        }
        StatQuery query = new StatQuery(type, profile, filter, t, Map.of(), null);
        switch (ref.type()) {
            case Tenant:
                throw SwitchboardException.badRequest("plug-in categories are for objects and groups, not tenants",
                        "object.type");
            case AgentGroup:
            case PlaceGroup:
            case QueueGroup: {
                ObjectType memberType = ref.type() == ObjectType.AgentGroup ? ObjectType.Agent
                        : ref.type() == ObjectType.PlaceGroup ? ObjectType.Place : ObjectType.Queue;
                List<CompletableFuture<Object>> parts = new ArrayList<>();
                for (String m : config.members(ref.tenant(), ref.type().name(), ref.id())) {
                    parts.add(submit(objects, Keys.of(memberType, ref.tenant(), m), new StatProcessors.FinishedOf(query)));
                }
                awaitAll(parts);
                List<io.switchboard.api.stats.FinishedAction> all = new ArrayList<>();
                for (CompletableFuture<Object> p : parts) {
                    all.addAll((List<io.switchboard.api.stats.FinishedAction>) p.join());
                }
                all.sort((a, b) -> Long.compare(a.end(), b.end()));
                Long lastReset = parsed.type() == TimeProfile.Type.GROWING ? parsed.lastReset(t) : null;
                long start = parsed.type() == TimeProfile.Type.SLIDING ? t - parsed.window().toMillis()
                        : lastReset == null ? Long.MIN_VALUE : lastReset;
                return io.switchboard.engine.internal.stats.PluginCategories.compute(type, ref, t, start, all);
            }
            default: {
                Location at = locate(ref);
                return valueAt(at.key(), new StatQuery(type, profile, filter, t, Map.of(), at.endpoint()));
            }
        }
    }

    private static String detailOf(String message) {
        if (message.startsWith("timeProfile")) {
            return message.split("[ :]", 2)[0];
        }
        return message.contains("formula") ? "statType.formula" : message.contains("mask") ? "statType.mask"
                : message.contains("profile") ? "timeProfile" : "statType";
    }

    /** The stat types a formula refers to, transitively (unknown names are a 400). */
    private static Map<String, StatType> references(StatType type, Function<String, StatType> types) {
        Map<String, StatType> refs = new LinkedHashMap<>();
        collect(type, types, refs);
        return refs;
    }

    private static void collect(StatType type, Function<String, StatType> types, Map<String, StatType> refs) {
        if (type.parsedCategory() != Category.Formula) {
            return;
        }
        for (String name : Formula.parse(type.formula()).references()) {
            if (refs.containsKey(name)) {
                continue;
            }
            StatType ref = types.apply(name);
            if (ref == null) {
                throw SwitchboardException.badRequest("formula of " + type.name() + " refers to unknown stat type '"
                        + name + "'", "statType.formula");
            }
            refs.put(name, ref);
            collect(ref, types, refs);
        }
    }

    /** A group's or tenant's value: combined member partials; formulas over the group's values. */
    private Value groupValue(ObjectRef ref, StatQuery query, TimeProfile profile) {
        if (query.type().parsedCategory() == Category.Formula) {
            Map<String, Value> cache = new HashMap<>();
            Function<String, Value>[] self = new Function[1];
            self[0] = name -> cache.computeIfAbsent(name, n -> {
                StatType operand = query.refs().get(n);
                if (operand == null) {
                    return null;
                }
                return operand.parsedCategory() == Category.Formula
                        ? Formula.parse(operand.formula()).evaluate(self[0])
                        : groupPartial(ref, query.withType(operand), profile).value(operand.parsedCategory());
            });
            return Formula.parse(query.type().formula()).evaluate(self[0]);
        }
        return groupPartial(ref, query, profile).value(query.type().parsedCategory());
    }

    private Partial groupPartial(ObjectRef ref, StatQuery query, TimeProfile profile) {
        if (ref.type() == ObjectType.Tenant) {
            try {
                return combineTenant(tenantPartials(ref.tenant(), List.of(query)).join(), List.of(query)).get(0);
            } catch (java.util.concurrent.CompletionException ex) {
                throw ex.getCause() instanceof RuntimeException re ? re : ex;
            }
        }
        ObjectType memberType = ref.type() == ObjectType.AgentGroup ? ObjectType.Agent
                : ref.type() == ObjectType.PlaceGroup ? ObjectType.Place : ObjectType.Queue;
        List<String> members = config.members(ref.tenant(), ref.type().name(), ref.id());
        List<CompletableFuture<Object>> parts = new ArrayList<>(members.size());
        for (String m : members) {
            parts.add(submit(objects, Keys.of(memberType, ref.tenant(), m), new StatProcessors.PartialOf(query)));
        }
        awaitAll(parts);
        List<Partial> partials = new ArrayList<>(parts.size());
        for (CompletableFuture<Object> p : parts) {
            partials.add((Partial) p.join());
        }
        return Partial.combine(partials, profile);
    }

    /**
     * Turns all state into bytes, so that an engine with other classes (after a bundle update)
     * can take it over; called when the engine stops while the grid goes on.
     */
    public void detach() {
        objects.executeOnEntries(new Detached.Detach());
        calls.executeOnEntries(new Detached.Detach());
    }

    public long objectCount() {
        return objects.size();
    }
}
