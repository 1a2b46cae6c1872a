package io.switchboard.api.stats;

/**
 * How a statistic's values are pushed (STATISTICS.md "Notification modes"): on change (with an
 * insensitivity in percent of the last value sent), every {@code frequencySeconds}, at each reset
 * of a growing profile (the final value before it), or not at all.
 */
public record Notification(Mode mode, double insensitivity, long frequencySeconds) {

    public enum Mode { changes, periodic, reset, none }

    public static final Notification CHANGES = new Notification(Mode.changes, 0, 0);
    public static final Notification NONE = new Notification(Mode.none, 0, 0);

    public Notification {
        if (mode == null) {
            mode = Mode.changes;
        }
        if (insensitivity < 0) {
            throw new IllegalArgumentException("notification.insensitivity must be >= 0");
        }
        if (mode == Mode.periodic && frequencySeconds <= 0) {
            throw new IllegalArgumentException("notification.frequency must be a positive number of seconds");
        }
    }
}
