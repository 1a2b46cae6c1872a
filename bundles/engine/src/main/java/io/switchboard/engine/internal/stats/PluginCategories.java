package io.switchboard.engine.internal.stats;

import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.CategoryPlugin;
import io.switchboard.api.stats.FinishedAction;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.Mask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The category plug-ins registered on this member. Static on purpose: entry processors run on
 * whichever member owns the object and have no component to ask; the engine component keeps this
 * registry in step with the OSGi services.
 */
public final class PluginCategories {

    private static final Map<String, CategoryPlugin> PLUGINS = new ConcurrentHashMap<>();

    private PluginCategories() {
    }

    public static void add(CategoryPlugin plugin) {
        PLUGINS.put(plugin.name(), plugin);
    }

    public static void remove(CategoryPlugin plugin) {
        PLUGINS.remove(plugin.name(), plugin);
    }

    /** The names of the plug-ins registered on this member. */
    public static java.util.Set<String> names() {
        return java.util.Set.copyOf(PLUGINS.keySet());
    }

    /** The plug-in named by a {@code Java:<name>} category, or null. */
    public static CategoryPlugin of(StatType type) {
        String c = type.category();
        return c.startsWith(Category.JAVA_PREFIX) ? PLUGINS.get(c.substring(Category.JAVA_PREFIX.length())) : null;
    }

    /** The interval start of a profile at t for a history (null: undefined, e.g. logged out). */
    public static Long intervalStart(TimeProfile profile, long t, ActionHistory history) {
        if (profile.type() == TimeProfile.Type.SELECTION) {
            throw new IllegalArgumentException("plug-in categories cannot be used with a selection profile");
        }
        TimeProfile.Interval i = profile.interval(t, history);
        return i == null ? null : Math.max(i.start(), history.since());
    }

    /** The finished actions of a history in [start, t] that pass the filter. */
    public static List<FinishedAction> finished(ActionHistory history, long start, long t, Filter filter) {
        List<FinishedAction> out = new ArrayList<>();
        for (FinishedAction a : history.finishedEndingIn(start, t)) {
            if (!filter.media().isEmpty() && !filter.media().contains(a.media())) {
                continue;
            }
            boolean dataOk = true;
            for (Map.Entry<String, String> want : filter.data().entrySet()) {
                if (!want.getValue().equals(a.data().get(want.getKey()))) {
                    dataOk = false;
                    break;
                }
            }
            if (dataOk) {
                out.add(a);
            }
        }
        return out;
    }

    /** Runs the plug-in; null when it is not installed (its statistics are null meanwhile). */
    public static Value compute(StatType type, ObjectRef object, long t, long start, List<FinishedAction> finished) {
        CategoryPlugin plugin = of(type);
        if (plugin == null) {
            return Value.NULL;
        }
        Mask mask = Mask.parse(type.mask());
        Number n = plugin.compute(new CategoryPlugin.Input() {
            @Override
            public StatType statType() {
                return type;
            }

            @Override
            public ObjectRef object() {
                return object;
            }

            @Override
            public long t() {
                return t;
            }

            @Override
            public long intervalStart() {
                return start;
            }

            @Override
            public List<FinishedAction> finished() {
                return finished;
            }

            @Override
            public boolean inMask(String action) {
                return mask.matches(action);
            }
        });
        return Value.of(n);
    }
}
