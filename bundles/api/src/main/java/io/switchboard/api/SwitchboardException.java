package io.switchboard.api;

/**
 * A failure that a client can be told about: {@code code} doubles as the HTTP status for the
 * 4xx/5xx family and as the proxy error code (2000-2006) for interaction requests.
 */
public class SwitchboardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String detail;

    public SwitchboardException(int code, String error, String detail) {
        super(error);
        this.code = code;
        this.detail = detail;
    }

    public static SwitchboardException badRequest(String error, String detail) {
        return new SwitchboardException(400, error, detail);
    }

    public static SwitchboardException notFound(String error, String detail) {
        return new SwitchboardException(404, error, detail);
    }

    public int code() {
        return code;
    }

    public String error() {
        return getMessage();
    }

    public String detail() {
        return detail;
    }
}
