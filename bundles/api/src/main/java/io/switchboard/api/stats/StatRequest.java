package io.switchboard.api.stats;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.StatType;
import java.util.List;
import java.util.Map;

/**
 * What a client asks for: a stat type (resolved, never just a name), an object, a time profile
 * name or inline definition, and a filter.
 */
public record StatRequest(StatType statType, ObjectRef object, String timeProfile,
        Map<String, Object> inlineProfile, Filter filter) {

    /** Restricts counted actions by media and attached data; empty lists/maps mean "any". */
    public record Filter(List<String> media, Map<String, String> data) {
        public static final Filter NONE = new Filter(List.of(), Map.of());

        public Filter {
            media = media == null ? List.of() : List.copyOf(media);
            data = data == null ? Map.of() : Map.copyOf(data);
        }
    }
}
