package io.switchboard.engine.internal.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatTypes;
import io.switchboard.api.model.TimeProfileDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the stat type and time profile seed files; a missing file seeds nothing. */
public final class RegistrySeeds {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistrySeeds() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, StatType> statTypes(Path file) throws IOException {
        Map<String, StatType> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Object list = JSON.readValue(file.toFile(), Map.class).get("statTypes");
        if (!(list instanceof List<?> l)) {
            throw SwitchboardException.badRequest(file + ": expected {\"statTypes\": [...]}", "statTypes");
        }
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof Map<?, ?> m)) {
                throw SwitchboardException.badRequest(file + ": statTypes[" + i + "] is not an object", "statTypes");
            }
            StatType t = StatTypes.fromMap((Map<String, Object>) m, null, "statTypes[" + i + "]");
            if (t.name() == null) {
                throw SwitchboardException.badRequest(file + ": statTypes[" + i + "] has no name", "statTypes");
            }
            out.put(t.name(), t);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, TimeProfileDefinition> timeProfiles(Path file) throws IOException {
        Map<String, TimeProfileDefinition> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Object profiles = JSON.readValue(file.toFile(), Map.class).get("timeProfiles");
        if (!(profiles instanceof Map<?, ?> m)) {
            throw SwitchboardException.badRequest(file + ": expected {\"timeProfiles\": {name: profile}}",
                    "timeProfiles");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> def)) {
                throw SwitchboardException.badRequest(file + ": time profile " + e.getKey() + " is not an object",
                        "timeProfiles");
            }
            out.put((String) e.getKey(), new TimeProfileDefinition((String) e.getKey(), (Map<String, Object>) def));
        }
        return out;
    }
}
