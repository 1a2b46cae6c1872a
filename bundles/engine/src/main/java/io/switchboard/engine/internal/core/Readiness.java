package io.switchboard.engine.internal.core;

/** What an agent said about taking the next call on one DN or media. */
public enum Readiness {
    NONE(null), READY(Actions.WAIT_FOR_NEXT_CALL), NOT_READY(Actions.NOT_READY_FOR_NEXT_CALL),
    ACW(Actions.AFTER_CALL_WORK);

    private final String action;

    Readiness(String action) {
        this.action = action;
    }

    /** The readiness action that runs while no call is at the endpoint. */
    public String action() {
        return action;
    }
}
