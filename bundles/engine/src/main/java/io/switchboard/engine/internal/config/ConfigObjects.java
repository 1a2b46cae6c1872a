package io.switchboard.engine.internal.config;

import io.switchboard.api.Limits;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.model.ObjectType;
import io.switchboard.engine.internal.core.Actions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns configuration JSON (parsed into maps and lists) into checked {@link ConfigObject}s. */
public final class ConfigObjects {

    private ConfigObjects() {
    }

    /** Parses {@code {"objects": [...]}}; the first problem is a 400 naming the object and field. */
    public static List<ConfigObject> parseDocument(Map<String, Object> document) {
        Object objects = document == null ? null : document.get("objects");
        if (!(objects instanceof List<?> list)) {
            throw SwitchboardException.badRequest("a configuration document is {\"objects\": [...]}", "objects");
        }
        if (list.size() > Limits.CONFIG_OBJECTS_MAX) {
            throw SwitchboardException.badRequest("a configuration document holds at most " + Limits.CONFIG_OBJECTS_MAX
                    + " objects", "objects");
        }
        List<ConfigObject> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String where = "objects[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw SwitchboardException.badRequest(where + " must be an object", where);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) m;
            out.add(parse(text(body, "tenant", where), text(body, "type", where), text(body, "id", where), body, where));
        }
        return out;
    }

    /**
     * Checks one object; identity fields in {@code body}, if present, must match the given ones.
     */
    public static ConfigObject parse(String tenant, String type, String id, Map<String, Object> body, String where) {
        // the identity reaches the grid's keys and every event naming the object: the events' limits
        checkText(where + ".tenant", tenant);
        checkText(where + ".type", type);
        checkText(where + ".id", id);
        if (!ConfigObject.MEDIA_TYPE.equals(type) && ObjectType.byName(type) == null) {
            throw SwitchboardException.badRequest(where + ".type: unknown configuration object type '" + type + "'",
                    where + ".type");
        }
        if ("Tenant".equals(type) && !tenant.equals(id)) {
            throw SwitchboardException.badRequest(where + ".id: a Tenant's id must be its tenant ('" + tenant + "')",
                    where + ".id");
        }
        boolean group = ObjectType.byName(type) != null && ObjectType.byName(type).isGroup();
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<String> members = new ArrayList<>();
        if (body != null) {
            for (Map.Entry<String, Object> e : body.entrySet()) {
                String field = e.getKey();
                Object v = e.getValue();
                switch (field) {
                    case "tenant":
                    case "type":
                    case "id": {
                        String expected = "tenant".equals(field) ? tenant : "type".equals(field) ? type : id;
                        if (!expected.equals(v)) {
                            throw SwitchboardException.badRequest(where + "." + field + ": '" + v
                                    + "' does not match '" + expected + "'", where + "." + field);
                        }
                        break;
                    }
                    case "members":
                        if (!group) {
                            throw SwitchboardException.badRequest(where + ".members: only groups have members",
                                    where + ".members");
                        }
                        if (!(v instanceof List<?> ms)) {
                            throw SwitchboardException.badRequest(where + ".members must be an array of ids",
                                    where + ".members");
                        }
                        if (ms.size() > Limits.CONFIG_MEMBERS_MAX) {
                            throw SwitchboardException.badRequest(where + ".members: a group has at most "
                                    + Limits.CONFIG_MEMBERS_MAX + " members", where + ".members");
                        }
                        for (Object member : ms) {
                            if (!(member instanceof String s) || s.isEmpty()) {
                                throw SwitchboardException.badRequest(where + ".members must be an array of ids",
                                        where + ".members");
                            }
                            checkText(where + ".members", s);
                            members.add(s);
                        }
                        break;
                    case "statusPriority": {
                        if (!"Tenant".equals(type)) {
                            throw SwitchboardException.badRequest(where + ".statusPriority: only tenants have one",
                                    where + ".statusPriority");
                        }
                        if (!(v instanceof List<?> order) || order.isEmpty()
                                || order.size() > Actions.DEFAULT_PRIORITY.size()) {
                            throw SwitchboardException.badRequest(where
                                    + ".statusPriority must be a non-empty array of statuses, highest first",
                                    where + ".statusPriority");
                        }
                        List<String> names = new ArrayList<>();
                        for (Object o : order) {
                            if (!(o instanceof String name) || !Actions.DEFAULT_PRIORITY.contains(name)) {
                                throw SwitchboardException.badRequest(where + ".statusPriority: '" + o
                                        + "' is not a status", where + ".statusPriority");
                            }
                            names.add(name);
                        }
                        // kept as text: configuration attributes are scalars on the wire
                        attributes.put(field, String.join(",", names));
                        break;
                    }
                    case "strict":
                        if (!(v instanceof Boolean)) {
                            throw SwitchboardException.badRequest(where + ".strict must be true or false",
                                    where + ".strict");
                        }
                        attributes.put(field, v);
                        break;
                    default:
                        if (field.isEmpty() || field.length() > Limits.DATA_KEY) {
                            throw SwitchboardException.badRequest(where + ": an attribute name must have 1 to "
                                    + Limits.DATA_KEY + " characters", where);
                        }
                        if (attributes.size() >= Limits.CONFIG_ATTRIBUTES_MAX) {
                            throw SwitchboardException.badRequest(where + ": an object has at most "
                                    + Limits.CONFIG_ATTRIBUTES_MAX + " attributes", where);
                        }
                        if (v instanceof String text && text.length() > Limits.DATA_VALUE) {
                            throw SwitchboardException.badRequest(where + "." + field + " is longer than "
                                    + Limits.DATA_VALUE + " characters", where + "." + field);
                        }
                        if (v instanceof String || v instanceof Boolean) {
                            attributes.put(field, v);
                        } else if (v instanceof Integer || v instanceof Long) {
                            attributes.put(field, ((Number) v).longValue());
                        } else if (v instanceof Number n) {
                            attributes.put(field, n.doubleValue());
                        } else if (v != null) {
                            throw SwitchboardException.badRequest(where + "." + field
                                    + " must be a string, number or boolean", where + "." + field);
                        }
                        break;
                }
            }
        }
        return new ConfigObject(tenant, type, id, attributes, members);
    }

    /** A 400 naming {@code field} when {@code value} is over the limit of names or holds control characters. */
    private static void checkText(String field, String value) {
        String error = Limits.checkText(field.substring(field.lastIndexOf('.') + 1), value);
        if (error != null) {
            throw SwitchboardException.badRequest(field + ": " + error, field);
        }
    }

    private static String text(Map<String, Object> body, String field, String where) {
        Object v = body.get(field);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw SwitchboardException.badRequest(where + "." + field + " is required (a non-empty string)",
                    where + "." + field);
        }
        return s;
    }
}
