package io.switchboard.engine.internal.stats;

import io.switchboard.api.model.StatValue;

/**
 * A computed statistic value: a {@link Long} (counts), a {@link Double} (seconds with millisecond
 * precision, percent) or null where undefined, and whether the interval reached past what the
 * history knows ({@code partial}).
 */
public record Value(Number value, boolean partial) {

    public static final Value NULL = new Value(null, false);

    public static Value of(Number value) {
        return new Value(value, false);
    }

    public boolean isNull() {
        return value == null;
    }

    public StatValue at(long t) {
        return new StatValue(value, t, partial);
    }
}
