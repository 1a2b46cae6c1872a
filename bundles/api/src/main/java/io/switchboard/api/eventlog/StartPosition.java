package io.switchboard.api.eventlog;

/** Where a newly installed sink starts in the journal (configurable per sink). */
public enum StartPosition {
    /** The journal's oldest retained event: nothing still journaled is missed. */
    OLDEST,
    /** Only events accepted after the sink was first registered. */
    NOW
}
