package io.switchboard.engine.internal.grid;

import com.hazelcast.map.IMap;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.stats.Formula;
import io.switchboard.engine.internal.stats.Partial;
import io.switchboard.engine.internal.stats.StatEvaluator;
import io.switchboard.engine.internal.stats.TimeProfile;
import io.switchboard.engine.internal.stats.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import static io.switchboard.engine.internal.grid.GridOps.awaitAll;
import static io.switchboard.engine.internal.grid.GridOps.execute;
import static io.switchboard.engine.internal.grid.GridOps.submit;

/**
 * The read side of the grid: states and values, evaluated by entry processors where each object
 * lives, so only values travel. Group values combine their members' partials; a tenant's value
 * is one read-only operation per partition over its entries. It never changes an object.
 */
public final class GridReader {

    private final IMap<String, Object> objects;
    private final IMap<String, String> dnIndex;
    private final ConfigStore config;

    GridReader(IMap<String, Object> objects, IMap<String, String> dnIndex, ConfigStore config) {
        this.objects = objects;
        this.dnIndex = dnIndex;
        this.config = config;
    }

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
        ObjectState s = (ObjectState) execute(objects, at.key(), new StatProcessors.StateOf(at.endpoint()));
        if (at.endpoint() != null && s.since() == null) {
            // The DN's agent has never used it: it may have events of its own.
            return (ObjectState) execute(objects, ref.key(), new StatProcessors.StateOf(null));
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
        Object v = ((List<?>) execute(objects, key, new StatProcessors.EvaluateMany(List.of(query)))).get(0);
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
}
