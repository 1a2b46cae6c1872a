package io.switchboard.api.model;

/**
 * A statistic's value at {@code at} (epoch ms): a Number, null, or an {@link ObjectState} for
 * CurrentState. {@code partial} is set when the interval reached past the history horizon.
 */
public record StatValue(Object value, long at, boolean partial) {
}
