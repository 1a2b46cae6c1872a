package io.switchboard.engine.internal.core;

/**
 * An action in progress: its name, when it started, and the call and media it belongs to
 * ({@code call} is null for readiness and login actions).
 */
public record RunningAction(String name, long start, String call, String media) {

    /** Two running actions are the same action when name and call match. */
    boolean sameAs(String otherName, String otherCall) {
        return name.equals(otherName) && java.util.Objects.equals(call, otherCall);
    }
}
