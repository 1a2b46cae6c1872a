package io.switchboard.engine.internal.grid;

import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.stats.FinishedAction;
import io.switchboard.engine.internal.stats.PluginCategories;
import java.util.List;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.AgentState;
import io.switchboard.engine.internal.core.DnState;
import io.switchboard.engine.internal.core.EndpointState;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.QueueState;
import io.switchboard.engine.internal.stats.ActionHistory;
import io.switchboard.engine.internal.stats.Partial;
import io.switchboard.engine.internal.stats.StatEvaluator;
import io.switchboard.engine.internal.stats.TimeProfile;
import io.switchboard.engine.internal.stats.Value;
import java.util.Map;

/**
 * A statistic to compute where the object lives: the stat type, the profile (as defined), the
 * filter, the evaluation time, the stat types a formula refers to, and for a DN held by an
 * agent, which of its endpoints.
 */
record StatQuery(StatType type, Map<String, Object> profile, Filter filter, long t, Map<String, StatType> refs,
        String endpoint) {

    StatQuery withType(StatType other) {
        return new StatQuery(other, profile, filter, t, refs, endpoint);
    }

    TimeProfile timeProfile() {
        return TimeProfile.parse(profile);
    }

    /** The history of the object in a map entry (an empty one for an object without events). */
    ActionHistory historyOf(Object state) {
        if (endpoint != null) {
            EndpointState ep = state instanceof AgentState a ? a.endpoints().get(endpoint) : null;
            return ep == null ? new ActionHistory() : ep.history();
        }
        if (state instanceof AgentState a) {
            return a.history();
        }
        if (state instanceof DnState d) {
            return d.endpoint().history();
        }
        if (state instanceof QueueState q) {
            return q.history();
        }
        if (state instanceof PlaceState p) {
            return p.history();
        }
        return new ActionHistory();
    }

    Value evaluate(ObjectType objectType, Object state) {
        ActionHistory h = historyOf(state);
        TimeProfile p = timeProfile();
        if (type.parsedCategory() == Category.Java) {
            Long start = PluginCategories.intervalStart(p, t, h);
            return start == null ? Value.NULL
                    : PluginCategories.compute(type, null, t, start, PluginCategories.finished(h, start, t, filter));
        }
        return StatEvaluator.evaluate(type, objectType, h, p, t, filter,
                StatEvaluator.resolver(refs::get, objectType, h, p, t, filter));
    }

    /** For plug-in categories of groups: this member's actions in its interval. */
    List<FinishedAction> finished(Object state) {
        ActionHistory h = historyOf(state);
        Long start = PluginCategories.intervalStart(timeProfile(), t, h);
        return start == null ? List.of() : PluginCategories.finished(h, start, t, filter);
    }

    /** On the partition thread that owns the object: the interval part from its kept tallies. */
    Partial partial(ObjectType objectType, Object state) {
        return StatEvaluator.partial(type, objectType, historyOf(state), timeProfile(), t, filter, true);
    }

    /** From a thread that does not own the object (a grid aggregation): a scan that changes nothing. */
    Partial scannedPartial(ObjectType objectType, Object state) {
        return StatEvaluator.partial(type, objectType, historyOf(state), timeProfile(), t, filter, false);
    }
}
