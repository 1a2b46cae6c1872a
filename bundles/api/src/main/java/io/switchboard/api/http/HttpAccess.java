package io.switchboard.api.http;

/**
 * Decides whether an HTTP request of the Switchboard API may go on: which role its method and
 * path need, and whether the request's HTTP Basic credentials belong to a user with that role.
 * Free of the servlet API so that any edge can ask; the caller writes a refusal as its error
 * JSON ({@code {"code", "error", "detail"}}) with {@link Decision#status()}, and sends
 * {@link #CHALLENGE} as {@code WWW-Authenticate} with a 401.
 */
public interface HttpAccess {

    /** The {@code WWW-Authenticate} header of a 401. */
    String CHALLENGE = "Basic realm=\"switchboard\", charset=\"UTF-8\"";

    /**
     * The decision for one request.
     *
     * @param method the HTTP method as received
     * @param path the decoded path below the context, as the container routed it (servlet path and
     *        path info), e.g. {@code /api/v1/interactions/i-1/stop}
     * @param authorization the {@code Authorization} header, null when absent
     * @param remote the client's address, for the log of refused logins
     */
    Decision decide(String method, String path, String authorization, String remote);

    /**
     * Admitted ({@code status} 0), or refused with 401 (no or bad credentials; {@code detail}
     * {@code Authorization}) or 403 (a user without the role; {@code detail} {@code role}).
     */
    record Decision(int status, String error, String detail) {

        public static final Decision ADMITTED = new Decision(0, null, null);

        public boolean admitted() {
            return status == 0;
        }
    }
}
