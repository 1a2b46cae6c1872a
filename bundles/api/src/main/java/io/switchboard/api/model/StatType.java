package io.switchboard.api.model;

import java.util.List;

/**
 * A stat type as in STATISTICS.md. {@code category} keeps the text (so {@code Java:<name>}
 * survives); {@code range} is [lo, hi) seconds or null; {@code formula} only for Formula.
 */
public record StatType(String name, List<ObjectType> objects, String category, Subject subject,
        List<String> mask, List<String> relMask, double[] range, String formula) {

    public enum Subject { Action, Status }

    public StatType {
        objects = objects == null ? List.of() : List.copyOf(objects);
        mask = mask == null ? List.of() : List.copyOf(mask);
        relMask = relMask == null ? List.of() : List.copyOf(relMask);
        subject = subject == null ? Subject.Action : subject;
    }

    public Category parsedCategory() {
        return Category.parse(category);
    }
}
