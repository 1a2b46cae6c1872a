package io.switchboard.api.model;

import io.switchboard.api.SwitchboardException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of stat types (as parsed into maps and lists), in and out. Every transport and
 * every seed file reads stat types through here, so they are judged alike.
 */
public final class StatTypes {

    private StatTypes() {
    }

    /**
     * Reads a stat type; {@code path} prefixes the field names in errors (e.g. "statType").
     * Only the shape is checked here; whether masks name known actions is the engine's call.
     */
    public static StatType fromMap(Map<String, Object> m, String defaultName, String path) {
        String name = text(m, "name", path, false);
        String category = text(m, "category", path, true);
        if (Category.parse(category) == null) {
            throw bad("unknown category '" + category + "'", path + ".category");
        }
        List<ObjectType> objects = new ArrayList<>();
        for (String s : strings(m, "objects", path)) {
            ObjectType t = ObjectType.byName(s);
            if (t == null) {
                throw bad("unknown object type '" + s + "' in objects", path + ".objects");
            }
            objects.add(t);
        }
        StatType.Subject subject = StatType.Subject.Action;
        String subj = text(m, "subject", path, false);
        if (subj != null) {
            try {
                subject = StatType.Subject.valueOf(subj);
            } catch (IllegalArgumentException e) {
                throw bad("field 'subject' must be Action or Status, not '" + subj + "'", path + ".subject");
            }
        }
        double[] range = null;
        Object r = m.get("range");
        if (r != null) {
            if (!(r instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof Number lo)
                    || !(l.get(1) instanceof Number hi)) {
                throw bad("field 'range' must be [lo, hi] in seconds", path + ".range");
            }
            range = new double[] {lo.doubleValue(), hi.doubleValue()};
            if (range[0] > range[1]) {
                throw bad("range lo " + range[0] + " is greater than hi " + range[1], path + ".range");
            }
        }
        return new StatType(name == null ? defaultName : name, objects, category, subject,
                strings(m, "mask", path), strings(m, "relMask", path), range, text(m, "formula", path, false));
    }

    /** The JSON form of a stat type. */
    public static Map<String, Object> toMap(StatType t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        List<String> objects = new ArrayList<>();
        for (ObjectType o : t.objects()) {
            objects.add(o.name());
        }
        m.put("objects", objects);
        m.put("category", t.category());
        m.put("subject", t.subject().name());
        m.put("mask", t.mask());
        if (!t.relMask().isEmpty()) {
            m.put("relMask", t.relMask());
        }
        if (t.range() != null) {
            m.put("range", List.of(t.range()[0], t.range()[1]));
        }
        if (t.formula() != null) {
            m.put("formula", t.formula());
        }
        return m;
    }

    private static String text(Map<String, Object> m, String field, String path, boolean required) {
        Object v = m.get(field);
        if (v == null) {
            if (required) {
                throw bad("missing required field '" + path + "." + field + "'", path + "." + field);
            }
            return null;
        }
        if (!(v instanceof String s) || s.isEmpty()) {
            throw bad("field '" + path + "." + field + "' must be a non-empty string", path + "." + field);
        }
        return s;
    }

    private static List<String> strings(Map<String, Object> m, String field, String path) {
        Object v = m.get(field);
        List<String> list = new ArrayList<>();
        if (v == null) {
            return list;
        }
        if (!(v instanceof List<?> l)) {
            throw bad("field '" + path + "." + field + "' must be an array of strings", path + "." + field);
        }
        for (Object e : l) {
            if (!(e instanceof String s)) {
                throw bad("field '" + path + "." + field + "' must be an array of strings", path + "." + field);
            }
            list.add(s);
        }
        return list;
    }

    private static SwitchboardException bad(String error, String detail) {
        return SwitchboardException.badRequest(error, detail);
    }
}
