package io.switchboard.api.model;

import java.util.Map;
import java.util.Objects;

/**
 * A named time profile as clients write it (STATISTICS.md "Time profiles"), e.g.
 * {@code {"type":"growing","reset":["00:00"],"zone":"Europe/Paris"}}: values are String, Number,
 * Boolean or List of String.
 */
public record TimeProfileDefinition(String name, Map<String, Object> definition) {

    public TimeProfileDefinition {
        Objects.requireNonNull(name, "name");
        definition = Map.copyOf(definition);
    }
}
