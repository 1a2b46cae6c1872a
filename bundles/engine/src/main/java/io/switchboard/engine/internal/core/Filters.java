package io.switchboard.engine.internal.core;

import io.switchboard.api.stats.StatRequest.Filter;
import java.util.Map;
import java.util.function.Function;

/** Whether an action passes a request's filter (media, attached data). */
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
}
