package io.switchboard.api.model;

/** Statistic categories of STATISTICS.md; plug-in categories are {@code Java:<name>}. */
public enum Category {
    CurrentState, CurrentNumber, CurrentTime, CurrentMaxTime, TotalNumber, TotalTime, AverageTime,
    MaxTime, TotalNumberInTimeRange, ServiceFactor, Formula, Java;

    public static final String JAVA_PREFIX = "Java:";

    /** Parses a category as written in a stat type, or null if it names none. */
    public static Category parse(String text) {
        if (text == null) {
            return null;
        }
        if (text.startsWith(JAVA_PREFIX) && text.length() > JAVA_PREFIX.length()) {
            return Java;
        }
        for (Category c : values()) {
            if (c != Java && c.name().equals(text)) {
                return c;
            }
        }
        return null;
    }
}
