package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.api.Limits;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatTypes;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads the body of an open/peek request; every problem is a 400 naming the field. */
final class StatRequestParser {

    private final Function<String, StatType> namedTypes;

    StatRequestParser(Function<String, StatType> namedTypes) {
        this.namedTypes = namedTypes;
    }

    StatRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw bad("request body must be a JSON object", "body");
        }
        StatType type = statType(body.get("statType"));
        ObjectRef object = object(body.get("object"));
        String profileName = "Default";
        Map<String, Object> inlineProfile = null;
        JsonNode tp = body.get("timeProfile");
        if (tp != null && !tp.isNull()) {
            if (tp.isTextual()) {
                profileName = limited("timeProfile", tp.asText());
            } else if (tp.isObject()) {
                profileName = null;
                inlineProfile = Json.MAPPER.convertValue(tp, Map.class);
            } else {
                throw bad("field 'timeProfile' must be a name or an object", "timeProfile");
            }
        }
        return new StatRequest(type, object, profileName, inlineProfile, filter(body.get("filter")));
    }

    StatType statType(JsonNode n) {
        if (n == null || n.isNull()) {
            throw bad("missing required field 'statType'", "statType");
        }
        if (n.isTextual()) {
            StatType t = namedTypes.apply(limited("statType", n.asText()));
            if (t == null) {
                throw bad("unknown stat type '" + n.asText() + "'", "statType");
            }
            return t;
        }
        if (!n.isObject()) {
            throw bad("field 'statType' must be a name or an object", "statType");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = Json.MAPPER.convertValue(n, Map.class);
        return StatTypes.fromMap(m, "inline", "statType");
    }

    /** The notification of an open; absent means changes. */
    static Notification notification(JsonNode n) {
        if (n == null || n.isNull()) {
            return Notification.CHANGES;
        }
        if (!n.isObject()) {
            throw bad("field 'notification' must be an object", "notification");
        }
        String mode = text(n, "mode", "notification.mode", false);
        Notification.Mode m = Notification.Mode.changes;
        if (mode != null) {
            try {
                m = Notification.Mode.valueOf(mode);
            } catch (IllegalArgumentException e) {
                throw bad("notification.mode must be changes, periodic, reset or none, not '" + mode + "'",
                        "notification.mode");
            }
        }
        double insensitivity = number(n, "insensitivity", 0);
        double frequency = number(n, "frequency", 0);
        if (insensitivity > Limits.INSENSITIVITY_MAX) {
            throw bad("notification.insensitivity must be at most " + (long) Limits.INSENSITIVITY_MAX,
                    "notification.insensitivity");
        }
        if (frequency > Limits.FREQUENCY_MAX_SECONDS) {
            // a larger one would never come round (and as a long of seconds overflows the scheduler's milliseconds)
            throw bad("notification.frequency must be at most " + Limits.FREQUENCY_MAX_SECONDS + " seconds",
                    "notification.frequency");
        }
        try {
            return new Notification(m, insensitivity, (long) frequency);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage(), e.getMessage().startsWith("notification.frequency") ? "notification.frequency"
                    : "notification.insensitivity");
        }
    }

    private static double number(JsonNode n, String field, double fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw bad("field 'notification." + field + "' must be a number", "notification." + field);
        }
        return v.asDouble();
    }

    static ObjectRef object(JsonNode n) {
        if (n == null || n.isNull()) {
            throw bad("missing required field 'object'", "object");
        }
        if (!n.isObject()) {
            throw bad("field 'object' must be {tenant, type, id}", "object");
        }
        String tenant = text(n, "tenant", "object.tenant", true);
        String type = text(n, "type", "object.type", true);
        String id = text(n, "id", "object.id", true);
        return ref(tenant, type, id, "object.type");
    }

    static ObjectRef ref(String tenant, String type, String id, String field) {
        ObjectType t = ObjectType.byName(type);
        if (t == null) {
            throw bad("unknown object type '" + type + "'", field);
        }
        return new ObjectRef(tenant, t, id);
    }

    static StatRequest.Filter filter(JsonNode n) {
        if (n == null || n.isNull()) {
            return StatRequest.Filter.NONE;
        }
        if (!n.isObject()) {
            throw bad("field 'filter' must be an object", "filter");
        }
        List<String> media = strings(n, "media", "filter.media");
        Map<String, String> data = new LinkedHashMap<>();
        JsonNode d = n.get("data");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                throw bad("field 'filter.data' must be an object of strings", "filter.data");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isTextual()) {
                    throw bad("field 'filter.data." + f.getKey() + "' must be a string", "filter.data");
                }
                data.put(f.getKey(), f.getValue().asText());
            }
            String error = Limits.checkData("filter.data", data);
            if (error != null) {
                throw bad(error, "filter.data");
            }
        }
        if (media.size() > Limits.FILTER_MEDIA_MAX) {
            throw bad("field 'filter.media' has more than " + Limits.FILTER_MEDIA_MAX + " entries", "filter.media");
        }
        for (String m : media) {
            limited("filter.media", m);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!"media".equals(f) && !"data".equals(f)) {
                throw bad("unknown filter field '" + f + "'", "filter." + f);
            }
        }
        return new StatRequest.Filter(media, data);
    }

    static String text(JsonNode n, String field, String path, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad("missing required field '" + path + "'", path);
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw bad("field '" + path + "' must be a non-empty string", path);
        }
        return limited(path, v.asText());
    }

    /** The value when it keeps to its io.switchboard.api.Limits, else the 400 naming {@code path}. */
    static String limited(String path, String value) {
        String error = Limits.checkText(path, value);
        if (error != null) {
            throw bad(error, path);
        }
        return value;
    }

    private static List<String> strings(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        List<String> list = new ArrayList<>();
        if (v == null || v.isNull()) {
            return list;
        }
        if (!v.isArray()) {
            throw bad("field '" + path + "' must be an array of strings", path);
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw bad("field '" + path + "' must be an array of strings", path);
            }
            list.add(e.asText());
        }
        return list;
    }

    private static SwitchboardException bad(String error, String detail) {
        return SwitchboardException.badRequest(error, detail);
    }
}
