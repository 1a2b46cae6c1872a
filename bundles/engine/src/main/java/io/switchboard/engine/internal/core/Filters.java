package io.switchboard.engine.internal.core;

import io.switchboard.api.stats.StatRequest.Filter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Evaluation of the current-value categories over running actions. */
public final class Filters {

    private Filters() {
    }

    /**
     * Whether an action passes the filter. Actions without a call have no attached data and never
     * match a data filter.
     */
    public static boolean matches(Filter filter, String media, String call, Function<String, Map<String, String>> data) {
        if (filter == null) {
            return true;
        }
        if (!filter.media().isEmpty() && !filter.media().contains(media)) {
            return false;
        }
        if (filter.data().isEmpty()) {
            return true;
        }
        if (call == null) {
            return false;
        }
        Map<String, String> attached = data.apply(call);
        if (attached == null) {
            return false;
        }
        for (Map.Entry<String, String> want : filter.data().entrySet()) {
            if (!want.getValue().equals(attached.get(want.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Number of running actions in the mask that pass the filter. */
    public static int currentNumber(List<RunningAction> running, Mask mask, Filter filter,
            Function<String, Map<String, String>> data) {
        int n = 0;
        for (RunningAction r : running) {
            if (mask.matches(r.name()) && matches(filter, r.media(), r.call(), data)) {
                n++;
            }
        }
        return n;
    }
}
