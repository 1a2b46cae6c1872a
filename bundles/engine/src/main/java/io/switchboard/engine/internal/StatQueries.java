package io.switchboard.engine.internal;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.Category;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.engine.internal.core.EngineClock;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.engine.internal.grid.GridReader;
import io.switchboard.engine.internal.notify.Notifier;
import io.switchboard.engine.internal.registry.StatRegistry;
import io.switchboard.engine.internal.stats.ClusterPlugins;
import io.switchboard.engine.internal.stats.PluginCategories;
import io.switchboard.engine.internal.stats.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The read side of the engine: what a request is checked for, its time profile, and its value
 * now (a peek) or at a time (the notifier's evaluations, one by one or batched per object).
 * Nothing here writes; the notifier reads through it and never calls back into the component.
 */
final class StatQueries implements Notifier.Evaluation {

    private final GridEngine engine;
    private final StatRegistry registry;
    private final EngineClock clock;
    private final ClusterPlugins clusterPlugins;

    StatQueries(GridEngine engine, StatRegistry registry, EngineClock clock, ClusterPlugins clusterPlugins) {
        this.engine = engine;
        this.registry = registry;
        this.clock = clock;
        this.clusterPlugins = clusterPlugins;
    }

    /** The value of a request at {@code t} (for notifications, which may look back to a reset). */
    @Override
    public StatValue evaluate(StatRequest request, long t) {
        StatType type = request.statType();
        if (type.parsedCategory() == Category.CurrentState) {
            return new StatValue(engine.state(request.object()), t, false);
        }
        return engine.evaluate(request.object(), type, profileOf(request), request.filter(), t, registry::statType)
                .at(t);
    }

    /** {@link #evaluate} for many: CurrentState one by one, the rest batched per object in the grid. */
    @Override
    public Object[] evaluateAll(List<StatRequest> requests, long[] times) {
        return evaluateAll(requests, i -> passProfileOf(requests.get(i)), i -> times[i], registry::statTypeCopy);
    }

    /**
     * The values of many requests, each with its own profile and time: CurrentState one by one,
     * the rest batched per object in the grid. Each slot a {@link StatValue} or the exception.
     */
    private Object[] evaluateAll(List<StatRequest> requests, java.util.function.IntFunction<Map<String, Object>> profiles,
            java.util.function.IntToLongFunction times, Function<String, StatType> types) {
        Object[] out = new Object[requests.size()];
        List<GridReader.Request> batch = new ArrayList<>(requests.size());
        List<Integer> slots = new ArrayList<>(requests.size());
        for (int i = 0; i < out.length; i++) {
            StatRequest r = requests.get(i);
            try {
                if (r.statType().parsedCategory() == Category.CurrentState) {
                    out[i] = new StatValue(engine.state(r.object()), times.applyAsLong(i), false);
                } else {
                    batch.add(new GridReader.Request(r.object(), r.statType(), profiles.apply(i), r.filter(),
                            times.applyAsLong(i)));
                    slots.add(i);
                }
            } catch (RuntimeException e) {
                out[i] = e;
            }
        }
        if (!batch.isEmpty()) {
            Object[] values = engine.evaluateAll(batch, types);
            for (int j = 0; j < values.length; j++) {
                out[slots.get(j)] = values[j] instanceof Value v ? v.at(batch.get(j).t()) : values[j];
            }
        }
        return out;
    }

    /** The value now, after the checks of {@link #check}. */
    StatValue peek(StatRequest request) {
        Map<String, Object> profile = check(request);
        long now = clock.now();
        if (request.statType().parsedCategory() == Category.CurrentState) {
            return new StatValue(engine.state(request.object()), now, false);
        }
        return engine.evaluate(request.object(), request.statType(), profile, request.filter(), now,
                registry::statType).at(now);
    }

    /**
     * What a peek refuses before it evaluates (a 400 naming the field, a 501 for a plug-in
     * category not installed); the request's profile definition.
     */
    Map<String, Object> check(StatRequest request) {
        return check(request, registry::timeProfile);
    }

    /** {@link #check} with named profiles from {@code named} (for a batch: one grid read per name). */
    Map<String, Object> check(StatRequest request, Function<String, TimeProfileDefinition> named) {
        StatType type = request.statType();
        Category category = type.parsedCategory();
        if (category == null) {
            throw SwitchboardException.badRequest("unknown category '" + type.category() + "'", "statType.category");
        }
        if (!type.objects().isEmpty() && !type.objects().contains(request.object().type())) {
            throw SwitchboardException.badRequest("stat type " + type.name() + " is not defined for "
                    + request.object().type() + " objects", "object.type");
        }
        Map<String, Object> profile = profileOf(request, named);
        if (category == Category.CurrentState) {
            if (!request.object().type().hasStatus()) {
                throw SwitchboardException.badRequest("CurrentState is for Agent, Place and DN, not "
                        + request.object().type(), "object.type");
            }
            return profile;
        }
        if (category == Category.Java) {
            if (PluginCategories.of(type) == null) {
                throw new SwitchboardException(501, "plug-in category " + type.category() + " is not installed",
                        "statType.category");
            }
            List<String> lacking = clusterPlugins.lacking(PluginCategories.of(type).name());
            if (!lacking.isEmpty()) {
                // evaluated where each object's partition lives: those members would answer null
                throw new SwitchboardException(501, "plug-in category " + type.category()
                        + " is not installed on every node of the cluster (missing on " + String.join(", ", lacking)
                        + "): install its feature on every node", "statType.category");
            }
        }
        StatRegistry.check(type);
        return profile;
    }

    /** A reset notification needs a growing profile that resets (a 400 naming the mode otherwise). */
    static void checkNotification(Map<String, Object> profile, io.switchboard.api.stats.Notification notification) {
        if (notification.mode() == io.switchboard.api.stats.Notification.Mode.reset) {
            io.switchboard.engine.internal.stats.TimeProfile parsed =
                    io.switchboard.engine.internal.stats.TimeProfile.parse(profile);
            if (parsed.type() != io.switchboard.engine.internal.stats.TimeProfile.Type.GROWING || !parsed.resetting()) {
                throw SwitchboardException.badRequest("notification mode reset needs a growing profile that resets",
                        "notification.mode");
            }
        }
    }

    /** The request's profile definition: inline, or named (a 400 when unknown). */
    Map<String, Object> profileOf(StatRequest request) {
        return profileOf(request, registry::timeProfile);
    }

    private static Map<String, Object> profileOf(StatRequest request,
            Function<String, TimeProfileDefinition> named) {
        if (request.inlineProfile() != null) {
            StatRegistry.checkProfile(new TimeProfileDefinition("inline", request.inlineProfile()));
            return request.inlineProfile();
        }
        return namedProfile(request, named);
    }

    /**
     * Peeks of many requests, each checked already with its profile in {@code profiles}, at one
     * instant: CurrentState one by one, the rest batched per object in the grid as the notifier's
     * evaluations are. Each slot holds a {@link StatValue} or the {@link RuntimeException} a
     * peek would have thrown.
     */
    Object[] peekAll(List<StatRequest> requests, List<Map<String, Object>> profiles, long now,
            Function<String, StatType> types) {
        return evaluateAll(requests, profiles::get, i -> now, types);
    }

    private static Map<String, Object> namedProfile(StatRequest request,
            java.util.function.Function<String, TimeProfileDefinition> lookup) {
        String name = request.timeProfile() == null ? "Default" : request.timeProfile();
        TimeProfileDefinition named = lookup.apply(name);
        if (named == null) {
            throw SwitchboardException.badRequest("unknown time profile '" + name + "'", "timeProfile");
        }
        return named.definition();
    }

    /**
     * {@link #profileOf} for a notifier pass: the request was checked when it was opened, and a
     * named profile comes from this node's copy of the definitions, the same instance pass after
     * pass (so what is parsed from it is remembered by identity all the way to the partitions).
     */
    private Map<String, Object> passProfileOf(StatRequest request) {
        if (request.inlineProfile() != null) {
            return request.inlineProfile();
        }
        return namedProfile(request, registry::timeProfileCopy);
    }
}
