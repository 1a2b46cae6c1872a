package io.switchboard.ixn.cluster.internal;

/**
 * A node's answer to a call from another process: the result as JSON, or the failure to throw
 * there. {@code kind} says which.
 */
record NodeReply(int kind, String json, int code, int status, String error, String detail) {

    static final int OK = 0;
    /** An {@code InteractionException}: a definite answer (404, 409, the proxy codes...). */
    static final int REFUSED = 1;
    /** A {@code SwitchboardException} that is not an interaction one. */
    static final int FAILED = 2;
    /** The node cannot answer (stopped, lost its lease, its database gone, not served here now). */
    static final int UNAVAILABLE = 3;

    static NodeReply ok(String json) {
        return new NodeReply(OK, json, 0, 0, null, null);
    }

    static NodeReply unavailable(String why) {
        return new NodeReply(UNAVAILABLE, null, 0, 0, why, null);
    }
}
