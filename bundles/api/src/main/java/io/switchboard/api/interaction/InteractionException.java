package io.switchboard.api.interaction;

import io.switchboard.api.SwitchboardException;

/**
 * A refused interaction request: {@code code} is an HTTP status (400, 404, 409) for errors any
 * single server would give, or one of the proxy codes 2000–2006 of API.md; {@link #status()} is
 * the HTTP status it is answered with.
 */
public class InteractionException extends SwitchboardException {

    private static final long serialVersionUID = 1L;

    public static final int UNSUPPORTED_OPERATION = 2000;
    public static final int NO_SERVER_FOR_MEDIA_TENANT = 2001;
    public static final int LOST_CONNECTION = 2002;
    public static final int NOT_ACCESSIBLE = 2003;
    public static final int IN_PROGRESS = 2004;
    public static final int DUPLICATE_ID = 2005;
    public static final int SNAPSHOT_NOT_ACCESSIBLE = 2006;

    private final int status;

    public InteractionException(int code, int status, String error, String detail) {
        super(code, error, detail);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static InteractionException badRequest(String error, String field) {
        return new InteractionException(400, 400, error, field);
    }

    public static InteractionException notFound(String id) {
        return new InteractionException(404, 404, "interaction '" + id + "' does not exist", "id");
    }

    public static InteractionException conflict(String error, String detail) {
        return new InteractionException(409, 409, error, detail);
    }

    /** The proxy codes with the HTTP status we answer them with (see README "Interactions"). */
    public static InteractionException proxy(int code, String detail) {
        switch (code) {
            case UNSUPPORTED_OPERATION:
                return new InteractionException(code, 501, "Unsupported operation", detail);
            case NO_SERVER_FOR_MEDIA_TENANT:
                return new InteractionException(code, 503, "There are no servers accepting this media/tenant", detail);
            case LOST_CONNECTION:
                return new InteractionException(code, 502, "Lost connection to one of the asked servers", detail);
            case NOT_ACCESSIBLE:
                return new InteractionException(code, 503, "Interaction not accessible", detail);
            case IN_PROGRESS:
                return new InteractionException(code, 409, "Operation already in progress", detail);
            case DUPLICATE_ID:
                return new InteractionException(code, 409, "More than one server contain interaction with same ID",
                        detail);
            case SNAPSHOT_NOT_ACCESSIBLE:
                return new InteractionException(code, 503, "Snapshot not accessible", detail);
            default:
                throw new IllegalArgumentException("not a proxy error code: " + code);
        }
    }
}
