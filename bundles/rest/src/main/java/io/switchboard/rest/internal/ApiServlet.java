package io.switchboard.rest.internal;

import io.switchboard.api.SwitchboardException;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Base of our servlets: every failure leaves as the JSON error of API.md. */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private static final java.util.Set<String> STANDARD_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT",
            "DELETE", "OPTIONS");

    /** Who may do what (inherited by every servlet's component description: -dsannotations-options). */
    @org.osgi.service.component.annotations.Reference
    transient io.switchboard.api.http.HttpAccess access;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            if (!admit(access, req, resp)) {
                return;
            }
            if (!STANDARD_METHODS.contains(req.getMethod())) {
                // HttpServlet would answer PATCH and the like with its own 501 page
                unsupported(req);
            }
            super.service(req, resp);
        } catch (SwitchboardException e) {
            Json.error(resp, e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            Json.write(resp, 500, Json.errorBody(500, "internal error: " + e.getMessage(), req.getRequestURI()));
        } catch (Exception e) {
            LOG.error("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            Json.write(resp, 500, Json.errorBody(500, "internal error: " + e.getMessage(), req.getRequestURI()));
        }
    }

    /** True when the request may go on; else the 401 or 403 of {@code access} was written. */
    static boolean admit(io.switchboard.api.http.HttpAccess access, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        // the decoded path as routed: an encoded "/api/v1/event%73" reaches the events servlet too
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        io.switchboard.api.http.HttpAccess.Decision d = access.decide(req.getMethod(), path,
                req.getHeader("Authorization"), req.getRemoteAddr());
        if (d.admitted()) {
            return true;
        }
        if (d.status() == 401) {
            resp.setHeader("WWW-Authenticate", io.switchboard.api.http.HttpAccess.CHALLENGE);
        }
        Json.write(resp, d.status(), Json.errorBody(d.status(), d.error(), d.detail()));
        return false;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        unsupported(req);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        unsupported(req);
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        unsupported(req);
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        unsupported(req);
    }

    static void unsupported(HttpServletRequest req) {
        throw new SwitchboardException(405, "method " + req.getMethod() + " not allowed on " + req.getRequestURI(),
                "method");
    }

    /** How long a read waits for the engine to apply what was acknowledged before it. */
    static final java.time.Duration READ_AFTER_ACK_WAIT = java.time.Duration.ofSeconds(10);

    /**
     * Before a read: lets the engine apply every event already acknowledged (acks mean durable;
     * the engine applies behind), so a client that got its acks reads their effect.
     */
    static void awaitAcknowledged(io.switchboard.api.event.EventIngestService ingest) {
        if (ingest != null && !ingest.awaitApplied(READ_AFTER_ACK_WAIT)) {
            LoggerFactory.getLogger(ApiServlet.class).warn(
                    "The engine is more than {} s behind the acknowledged events; answering with older values",
                    READ_AFTER_ACK_WAIT.toSeconds());
        }
    }

    /**
     * A parameter of the query string only: getParameter would take a form-encoded body (what
     * {@code curl --data-binary} sends unless told otherwise) for parameters and consume it.
     */
    static String queryParam(HttpServletRequest req, String name) {
        String q = req.getQueryString();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
            if (k.equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            }
        }
        return null;
    }

    /**
     * Percent-decodes a path segment or query value; a '%' without two hex digits is a 400 naming
     * {@code field} (URLDecoder's IllegalArgumentException would otherwise be a 500).
     */
    static String decode(String s, String field) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SwitchboardException.badRequest("'" + field + "' is not valid percent-encoding", field);
        }
    }

    static String subPath(HttpServletRequest req) {
        String p = req.getPathInfo();
        return p == null ? "" : p;
    }
}
