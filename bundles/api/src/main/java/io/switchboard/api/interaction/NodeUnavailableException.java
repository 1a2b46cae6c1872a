package io.switchboard.api.interaction;

/**
 * The node cannot answer: it stopped, lost its lease to its pair partner, or its database is
 * gone. The proxy reports it as "lost connection" (2002) or "not accessible" (2003).
 */
public class NodeUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NodeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
