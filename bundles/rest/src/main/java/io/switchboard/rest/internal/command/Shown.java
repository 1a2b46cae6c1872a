package io.switchboard.rest.internal.command;

import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatValue;
import java.time.Instant;

/** How the commands show values, instants and object references. */
final class Shown {

    private Shown() {
    }

    static String value(StatValue v) {
        if (v == null) {
            return "-";
        }
        Object value = v.value() instanceof ObjectState s ? s.status() : v.value();
        return (value == null ? "null" : String.valueOf(value)) + (v.partial() ? " (partial)" : "");
    }

    static String time(long epochMs) {
        return epochMs <= 0 ? "-" : Instant.ofEpochMilli(epochMs).toString();
    }

    static ObjectType type(String name) {
        ObjectType t = ObjectType.byName(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown object type '" + name + "'; one of "
                    + java.util.Arrays.toString(ObjectType.values()));
        }
        return t;
    }
}
