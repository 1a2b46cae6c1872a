package io.switchboard.engine.internal.core;

import java.util.Map;

/**
 * A change of an object's actions produced by one event: an action started, ended (with its
 * start, so the full duration is known) or happened at an instant with a duration.
 */
public record ActionRecord(Kind kind, String name, long start, long end, String call, String media,
        Map<String, String> data) {

    public enum Kind { STARTED, ENDED, INSTANT }

    public long duration() {
        return kind == Kind.STARTED ? 0 : end - start;
    }
}
