package io.switchboard.api.model;

/** Statistic categories of STATISTICS.md; plug-in categories are {@code Java:<name>}. */
public enum Category {
    CurrentState, CurrentNumber, CurrentTime, CurrentMaxTime, TotalNumber, TotalTime, AverageTime,
    MaxTime, TotalNumberInTimeRange, ServiceFactor, Formula, Java;

    public static final String JAVA_PREFIX = "Java:";

    /**
     * By name, without Java (written with its prefix): a category is parsed wherever a value is
     * evaluated, and walking a fresh copy of {@code values()} each time showed in the profiles.
     */
    private static final java.util.Map<String, Category> BY_NAME;

    static {
        java.util.Map<String, Category> m = new java.util.HashMap<>();
        for (Category c : values()) {
            if (c != Java) {
                m.put(c.name(), c);
            }
        }
        BY_NAME = java.util.Map.copyOf(m);
    }

    /** Parses a category as written in a stat type, or null if it names none. */
    public static Category parse(String text) {
        if (text == null) {
            return null;
        }
        Category c = BY_NAME.get(text);
        if (c != null) {
            return c;
        }
        return text.startsWith(JAVA_PREFIX) && text.length() > JAVA_PREFIX.length() ? Java : null;
    }
}
