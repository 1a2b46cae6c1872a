package io.switchboard.engine.internal.command;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import java.time.Instant;

/** Helpers shared by the engine's commands. */
final class Objects {

    private Objects() {
    }

    static ObjectRef ref(String tenant, String type, String id) {
        ObjectType t = ObjectType.byName(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown object type '" + type + "'; one of "
                    + java.util.Arrays.toString(ObjectType.values()));
        }
        return new ObjectRef(tenant, t, id);
    }

    static String time(Long epochMs) {
        return epochMs == null ? "-" : Instant.ofEpochMilli(epochMs).toString();
    }
}
