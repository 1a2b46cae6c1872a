package io.switchboard.api.eventlog;

/** Where a newly installed sink starts in the journal (configurable per sink). */
public enum StartPosition {
    /** The journal's oldest retained event: nothing still journaled is missed. */
    OLDEST,
    /** Only events accepted after the sink was first registered. */
    NOW;

    /** A sink's {@code startFrom} setting: oldest or now, any case; anything else is refused by name. */
    public static StartPosition of(String startFrom) {
        String t = startFrom == null ? "" : startFrom.trim();
        if (t.equalsIgnoreCase("oldest")) {
            return OLDEST;
        }
        if (t.equalsIgnoreCase("now")) {
            return NOW;
        }
        throw new IllegalArgumentException("startFrom: oldest or now, not " + startFrom);
    }
}
