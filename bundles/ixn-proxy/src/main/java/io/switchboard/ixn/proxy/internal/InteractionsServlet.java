package io.switchboard.ixn.proxy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.Limits;
import io.switchboard.api.interaction.InteractionService;
import io.switchboard.api.interaction.SubmitRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Interactions" endpoints of API.md, answered by a proxy: the one named by the
 * {@code X-Switchboard-Proxy} header (or {@code ?proxy=}), else the highest-ranked one. Proxy
 * errors leave as {@code {"code": 200x, "error", "detail"}} with the HTTP status of
 * {@link InteractionException#proxy(int, String)}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-interactions")
@HttpWhiteboardServletPattern({"/api/v1/interactions", "/api/v1/interactions/*", "/api/v1/workbins/*",
        "/api/v1/agents/*", "/api/v1/snapshots/*"})
public class InteractionsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Instants as the rest of the API writes them: UTC with milliseconds. */
    private static final java.time.format.DateTimeFormatter INSTANT = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(java.time.ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(InteractionsServlet.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** Who may do what: the access control of the whole HTTP API (README "Access"). */
    @Reference
    transient io.switchboard.api.http.HttpAccess access;

    /** By ranking (highest first), then name. */
    private final transient ConcurrentSkipListMap<String, InteractionService> proxies = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProxy(InteractionService proxy, Map<String, Object> props) {
        proxies.put(key(props), proxy);
    }

    void removeProxy(InteractionService proxy, Map<String, Object> props) {
        proxies.remove(key(props), proxy);
    }

    private static String key(Map<String, Object> props) {
        Object r = props.get("service.ranking");
        int ranking = r instanceof Integer i ? i : 0;
        // inverted so that the highest ranking sorts first
        return String.format("%011d|%s", (long) Integer.MAX_VALUE - ranking, props.get(InteractionService.PROXY_NAME));
    }

    private InteractionService proxy(HttpServletRequest req) {
        String wanted = req.getHeader("X-Switchboard-Proxy");
        if (wanted == null) {
            wanted = queryParam(req, "proxy");
        }
        for (Map.Entry<String, InteractionService> e : proxies.entrySet()) {
            if (wanted == null || e.getKey().endsWith("|" + wanted)) {
                return e.getValue();
            }
        }
        throw new InteractionException(503, 503, wanted == null ? "no interaction proxy is running"
                : "no interaction proxy named '" + wanted + "'", "proxy");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        guarded(access, req, resp, () -> route(req, resp));
    }

    /** What a request of the interaction endpoints does once admitted. */
    interface Handler {
        void handle() throws IOException;
    }

    /** Admits the request and runs {@code handler}; every refusal and failure leaves as the error JSON. */
    static void guarded(io.switchboard.api.http.HttpAccess access, HttpServletRequest req, HttpServletResponse resp,
            Handler handler) throws IOException {
        try {
            if (admit(access, req, resp)) {
                handler.handle();
            }
        } catch (InteractionException e) {
            error(resp, e.status(), e);
        } catch (SwitchboardException e) {
            error(resp, e.code() >= 400 && e.code() < 600 ? e.code() : 400, e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            error(resp, 500, new SwitchboardException(500, "internal error: " + e.getMessage(), req.getRequestURI()));
        }
    }

    /** True when the request may go on; else the 401 or 403 of the access control was written. */
    static boolean admit(io.switchboard.api.http.HttpAccess access, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        io.switchboard.api.http.HttpAccess.Decision d = access.decide(req.getMethod(), path,
                req.getHeader("Authorization"), req.getRemoteAddr());
        if (d.admitted()) {
            return true;
        }
        if (d.status() == 401) {
            resp.setHeader("WWW-Authenticate", io.switchboard.api.http.HttpAccess.CHALLENGE);
        }
        error(resp, d.status(), new SwitchboardException(d.status(), d.error(), d.detail()));
        return false;
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String servlet = req.getServletPath();
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] p = info.isEmpty() || "/".equals(info) ? new String[0] : info.substring(1).split("/");
        for (String segment : p) {
            if (segment.length() > Limits.NAME) {
                throw InteractionException.badRequest("a path segment is longer than " + Limits.NAME + " characters",
                        "path");
            }
            // tenants, agents and workbins come from the path too: held to what the body's fields are
            if (io.switchboard.api.Limits.checkText("path", segment) != null) {
                throw InteractionException.badRequest("a path segment must not contain control characters", "path");
            }
        }
        String method = req.getMethod();
        InteractionService proxy = proxy(req);
        switch (servlet) {
            case "/api/v1/interactions":
                interactions(req, resp, proxy, method, p);
                return;
            case "/api/v1/workbins":
                if (p.length == 2 && "GET".equals(method)) {
                    write(resp, 200, list(proxy.workbin(p[0], p[1], queryParam(req, "owner"))));
                    return;
                }
                if (p.length == 3 && "put".equals(p[2]) && "POST".equals(method)) {
                    JsonNode b = body(req);
                    write(resp, 200, interaction(proxy.putInWorkbin(text(b, "id", true), p[1], text(b, "owner", false))));
                    return;
                }
                break;
            case "/api/v1/agents":
                if (p.length == 3 && "POST".equals(method)) {
                    agents(req, resp, proxy, p[0], p[1], p[2]);
                    return;
                }
                break;
            case "/api/v1/snapshots":
                if (p.length == 2 && "GET".equals(method)) {
                    int max = intParam(req, "max");
                    write(resp, 200, list(proxy.snapshot(p[0], p[1], max)));
                    return;
                }
                break;
            default:
                break;
        }
        throw unsupported(method, req.getRequestURI());
    }

    private void interactions(HttpServletRequest req, HttpServletResponse resp, InteractionService proxy,
            String method, String[] p) throws IOException {
        if (p.length == 0 && "POST".equals(method)) {
            JsonNode b = body(req);
            Interaction i = proxy.submit(new SubmitRequest(text(b, "tenant", true), text(b, "media", true),
                    text(b, "queue", true), text(b, "id", false), integer(b, "priority", 0), data(b.get("data"), "data")));
            write(resp, 201, interaction(i));
            return;
        }
        if (p.length == 1 && "pull".equals(p[0]) && "POST".equals(method)) {
            JsonNode b = body(req);
            write(resp, 200, list(proxy.pull(text(b, "tenant", true), text(b, "queue", true), integer(b, "max", 1),
                    viewOrder(text(b, "order", false)))));
            return;
        }
        if (p.length == 1 && "find".equals(p[0]) && "POST".equals(method)) {
            JsonNode b = body(req);
            write(resp, 200, list(proxy.find(text(b, "tenant", true), data(b.get("where"), "where"),
                    integer(b, "limit", 0))));
            return;
        }
        if (p.length == 1 && "GET".equals(method)) {
            write(resp, 200, interaction(proxy.get(p[0])));
            return;
        }
        if (p.length == 2) {
            String id = p[0];
            if ("PATCH".equals(method) && "data".equals(p[1])) {
                write(resp, 200, interaction(proxy.updateData(id, data(body(req), "body"))));
                return;
            }
            if ("POST".equals(method)) {
                switch (p[1]) {
                    case "place-in-queue":
                        write(resp, 200, interaction(proxy.placeInQueue(id, text(body(req), "queue", true))));
                        return;
                    case "stop":
                        write(resp, 200, interaction(proxy.stop(id, text(optionalBody(req), "reason", false))));
                        return;
                    case "accept":
                        write(resp, 200, interaction(proxy.accept(id, text(body(req), "agent", true))));
                        return;
                    default:
                        break;
                }
            }
        }
        throw unsupported(method, req.getRequestURI());
    }

    private void agents(HttpServletRequest req, HttpServletResponse resp, InteractionService proxy, String tenant,
            String agent, String op) throws IOException {
        JsonNode b = optionalBody(req);
        Set<String> media = new LinkedHashSet<>();
        JsonNode m = b.get("media");
        if (m != null && !m.isNull()) {
            if (!m.isArray()) {
                throw InteractionException.badRequest("'media' must be an array of media type names", "media");
            }
            for (JsonNode x : m) {
                if (!x.isTextual() || x.asText().isEmpty() || x.asText().length() > Limits.MEDIA) {
                    throw InteractionException.badRequest("'media' must be an array of media type names of 1 to "
                            + Limits.MEDIA + " characters", "media");
                }
                media.add(x.asText());
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("tenant", tenant);
        out.put("agent", agent);
        switch (op) {
            case "login":
                if (media.isEmpty()) {
                    throw InteractionException.badRequest("missing field 'media'", "media");
                }
                ArrayNode list = out.putArray("media");
                proxy.agentLogin(tenant, agent, text(b, "place", false), media).forEach(list::add);
                break;
            case "logout":
                proxy.agentLogout(tenant, agent);
                break;
            case "ready":
                proxy.agentReady(tenant, agent, media);
                break;
            case "not-ready":
                proxy.agentNotReady(tenant, agent, media, text(b, "reason", false));
                break;
            default:
                throw unsupported("POST", req.getRequestURI());
        }
        out.put("status", op);
        write(resp, 200, out);
    }

    /** The view's order: "priority" (priority, then age; the default) or "age". */
    private static Interaction.ViewOrder viewOrder(String order) {
        if (order == null || "priority".equals(order)) {
            return Interaction.ViewOrder.PRIORITY;
        }
        if ("age".equals(order)) {
            return Interaction.ViewOrder.AGE;
        }
        throw InteractionException.badRequest("'order' must be 'priority' or 'age'", "order");
    }

    private static InteractionException unsupported(String method, String uri) {
        return InteractionException.proxy(InteractionException.UNSUPPORTED_OPERATION, method + " " + uri);
    }

    // ---- JSON ----

    /** A JSON object; an absent body reads as {} so that the missing field is the one named. */
    private static JsonNode body(HttpServletRequest req) {
        return optionalBody(req);
    }

    static JsonNode optionalBody(HttpServletRequest req) {
        try {
            JsonNode n = JSON.readTree(req.getInputStream());
            if (n == null || n.isMissingNode() || n.isNull()) {
                return JSON.createObjectNode();
            }
            if (!n.isObject()) {
                throw InteractionException.badRequest("request body must be a JSON object", "body");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw InteractionException.badRequest("request body is not valid JSON: " + e.getOriginalMessage(), "body");
        } catch (IOException e) {
            throw InteractionException.badRequest("request body could not be read: " + e.getMessage(), "body");
        }
    }

    /** An optional whole number; anything else is a 400 naming the field, never a silent default. */
    private static int integer(JsonNode b, String field, int absent) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw InteractionException.badRequest("field '" + field + "' must be a whole number", field);
        }
        int n = v.asInt();
        if (n < 0 && !"priority".equals(field)) {
            throw InteractionException.badRequest("field '" + field + "' must not be negative", field);
        }
        return n;
    }

    static String text(JsonNode b, String field, boolean required) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw InteractionException.badRequest("missing field '" + field + "'", field);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw InteractionException.badRequest("field '" + field + "' must be a string", field);
        }
        String t = v.asText();
        // the same check as the events' (EventRules): a queue or agent that an event would refuse must
        // not be stored, or the interaction's events would be lost to the statistics
        String error = io.switchboard.api.Limits.checkText(field, t);
        if (error != null) {
            throw InteractionException.badRequest(error, field);
        }
        return t;
    }

    static Map<String, String> data(JsonNode n, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw InteractionException.badRequest("'" + field + "' must be an object of strings", field);
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        int total = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = field + "." + e.getKey();
            if (e.getKey().isEmpty() || e.getKey().length() > Limits.DATA_KEY) {
                throw InteractionException.badRequest("a key of '" + field + "' must have 1 to " + Limits.DATA_KEY
                        + " characters", field);
            }
            if (e.getValue().isNull() && "where".equals(field)) {
                out.put(e.getKey(), null);
            } else if (e.getValue().isNull()) {
                // the store and the events carry attached data as strings; a null would reach them as
                // no value at all, so it is refused here, naming the key
                throw InteractionException.badRequest("'" + name + "' must be a string, not null", name);
            } else if (e.getValue().isValueNode()) {
                String v = e.getValue().asText();
                if (v.length() > Limits.DATA_VALUE) {
                    throw InteractionException.badRequest("'" + name + "' is longer than " + Limits.DATA_VALUE
                            + " characters", name);
                }
                total += e.getKey().length() + v.length();
                if (total > Limits.DATA_TOTAL) {
                    throw InteractionException.badRequest("'" + field + "' is longer than " + Limits.DATA_TOTAL
                            + " characters in all", field);
                }
                out.put(e.getKey(), v);
            } else {
                throw InteractionException.badRequest("'" + field + "." + e.getKey() + "' must be a string",
                        field + "." + e.getKey());
            }
        }
        return out;
    }

    /**
     * A parameter of the query string only: getParameter would read a form-encoded body (what
     * {@code curl -d} sends) as parameters and leave no JSON to read.
     */
    static String queryParam(HttpServletRequest req, String name) {
        String q = req.getQueryString();
        if (q == null) {
            return null;
        }
        try {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (k.equals(name)) {
                    return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1),
                            java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        } catch (IllegalArgumentException e) {
            // a '%' not followed by two hex digits: the decoder's exception would otherwise be a 500
            throw InteractionException.badRequest("the query string is not valid percent-encoding", "query");
        }
        return null;
    }

    private static int intParam(HttpServletRequest req, String name) {
        String v = queryParam(req, name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw InteractionException.badRequest("'" + name + "' must be an integer", name);
        }
    }

    static ObjectNode interaction(Interaction i) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", i.id());
        n.put("node", i.node());
        n.put("tenant", i.tenant());
        n.put("media", i.media());
        n.put("queue", i.queue());
        n.put("priority", i.priority());
        n.put("submitted", INSTANT.format(Instant.ofEpochMilli(i.submitted())));
        n.put("state", i.state().name().toLowerCase(java.util.Locale.ROOT));
        if (i.agent() != null) {
            n.put("agent", i.agent());
        }
        if (i.workbin() != null) {
            n.put("workbin", i.workbin());
        }
        if (i.owner() != null) {
            n.put("owner", i.owner());
        }
        if (i.reason() != null) {
            n.put("reason", i.reason());
        }
        n.set("data", JSON.valueToTree(i.data()));
        return n;
    }

    private static ObjectNode list(List<Interaction> list) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode a = n.putArray("interactions");
        list.forEach(i -> a.add(interaction(i)));
        n.put("count", list.size());
        return n;
    }

    static void write(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }

    static void error(HttpServletResponse resp, int status, SwitchboardException e) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", e.code());
        n.put("error", e.error());
        n.put("detail", e.detail() == null ? "" : e.detail());
        write(resp, status, n);
    }
}
