package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingProfile;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.RecordingRules;
import io.switchboard.api.recording.RecordingService;
import io.switchboard.api.recording.Segment;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Recording (API.md): {@code GET|PUT /api/v1/recording/rules/{tenant}},
 * {@code GET /api/v1/recordings?tenant=&call=&agent=&from=&to=}, {@code GET /api/v1/recordings/{id}}
 * and {@code GET /api/v1/recordings/{id}/audio} (role switchboard-recording, by AccessPolicy).
 * Without the recording feature every request gets 503 naming it (the reference is optional so
 * that switchboard-rest resolves alone).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-recording")
@HttpWhiteboardServletPattern({"/api/v1/recording/*", "/api/v1/recordings", "/api/v1/recordings/*"})
public class RecordingServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final String RULES = "/api/v1/recording/rules/";
    private static final String RECORDINGS = "/api/v1/recordings";
    private static final Set<String> RULE_FIELDS = Set.of("queues", "agents", "percentage", "profile");
    private static final Set<String> PROFILE_FIELDS = Set.of("pool", "pauseOnHold");

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private transient volatile RecordingService recordingService;

    private RecordingService recording() {
        RecordingService r = recordingService;
        if (r == null) {
            throw new SwitchboardException(503, "recording is not installed on this node (feature switchboard-recording)",
                    "feature");
        }
        return r;
    }

    private static String path(HttpServletRequest req) {
        return req.getRequestURI().substring(req.getContextPath().length());
    }

    private static String tenantOf(String path) {
        String t = path.substring(RULES.length());
        if (t.isEmpty() || t.contains("/")) {
            throw SwitchboardException.notFound("no such resource: " + path, "expected /api/v1/recording/rules/{tenant}");
        }
        return name("tenant", decode(t, "tenant"));
    }

    /** The limits of names (io.switchboard.api.Limits) at the edge: a longer one is a 400, never a failed search. */
    private static String name(String field, String value) {
        String error = io.switchboard.api.Limits.checkText(field, value);
        if (error != null) {
            throw SwitchboardException.badRequest(error, field);
        }
        return value;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        if (path.startsWith(RULES)) {
            String tenant = tenantOf(path);
            RecordingRules rules = recording().rules(tenant);
            if (rules == null) {
                throw SwitchboardException.notFound("tenant '" + tenant + "' has no recording rules", "tenant");
            }
            Json.write(resp, 200, rulesJson(tenant, rules));
            return;
        }
        if (path.equals(RECORDINGS) || path.equals(RECORDINGS + "/")) {
            RecordingQuery q = new RecordingQuery(param(req, "tenant"), param(req, "call"), param(req, "agent"),
                    instant(req, "from"), instant(req, "to"));
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode list = body.putArray("recordings");
            for (Recording r : recording().find(q)) {
                list.add(json(r));
            }
            Json.write(resp, 200, body);
            return;
        }
        // -1: "/api/v1/recordings//" names no id (a plain split gave no parts at all and a 500)
        String[] parts = path.startsWith(RECORDINGS + "/") ? path.substring(RECORDINGS.length() + 1).split("/", -1)
                : new String[] {""};
        if (!parts[0].isEmpty()) {
            String id = name("id", decode(parts[0], "id"));
            if (parts.length == 1) {
                Recording r = recording().get(id);
                if (r == null) {
                    throw SwitchboardException.notFound("no recording " + id, "id");
                }
                Json.write(resp, 200, json(r));
                return;
            }
            if (parts.length == 2 && "audio".equals(parts[1])) {
                byte[] wav = recording().audio(id);
                resp.setStatus(200);
                resp.setContentType("audio/wav");
                resp.setContentLength(wav.length);
                resp.getOutputStream().write(wav);
                return;
            }
        }
        throw SwitchboardException.notFound("no such resource: " + path,
                "expected /api/v1/recordings, /api/v1/recordings/{id}[/audio] or /api/v1/recording/rules/{tenant}");
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        if (!path.startsWith(RULES)) {
            unsupported(req);
        }
        String tenant = tenantOf(path);
        RecordingRules rules = parseRules(Json.readBody(req));
        recording().putRules(tenant, rules);
        Json.write(resp, 200, rulesJson(tenant, rules));
    }

    /** The rules of a PUT body; any bad or unknown field is a 400 naming it, nothing is applied. */
    static RecordingRules parseRules(JsonNode body) {
        if (!body.isObject()) {
            throw SwitchboardException.badRequest("recording rules must be a JSON object", "body");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!RULE_FIELDS.contains(f)) {
                throw SwitchboardException.badRequest("unknown field '" + f + "'; known: " + RULE_FIELDS, f);
            }
        }
        List<String> queues = strings(body.get("queues"), "queues");
        List<String> agents = strings(body.get("agents"), "agents");
        double pct = 100;
        JsonNode p = body.get("percentage");
        if (p != null && !p.isNull()) {
            if (!p.isNumber() || p.asDouble() < 0 || p.asDouble() > 100) {
                throw SwitchboardException.badRequest("'percentage' must be a number from 0 to 100", "percentage");
            }
            pct = p.asDouble();
        }
        RecordingProfile profile = RecordingProfile.DEFAULT;
        JsonNode pr = body.get("profile");
        if (pr != null && !pr.isNull()) {
            if (!pr.isObject()) {
                throw SwitchboardException.badRequest("'profile' must be an object", "profile");
            }
            for (Iterator<String> it = pr.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!PROFILE_FIELDS.contains(f)) {
                    throw SwitchboardException.badRequest("unknown field 'profile." + f + "'; known: "
                            + PROFILE_FIELDS, "profile." + f);
                }
            }
            JsonNode pool = pr.get("pool");
            if (pool != null && !pool.isNull() && !pool.isTextual()) {
                throw SwitchboardException.badRequest("'profile.pool' must be a string", "profile.pool");
            }
            JsonNode hold = pr.get("pauseOnHold");
            if (hold != null && !hold.isNull() && !hold.isBoolean()) {
                throw SwitchboardException.badRequest("'profile.pauseOnHold' must be true or false",
                        "profile.pauseOnHold");
            }
            profile = new RecordingProfile(pool == null || pool.isNull() || pool.asText().isBlank() ? null
                    : pool.asText(), hold != null && hold.asBoolean());
        }
        return new RecordingRules(queues, agents, pct, profile);
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw SwitchboardException.badRequest("'" + field + "' must be an array of strings", field);
        }
        for (JsonNode e : n) {
            if (!e.isTextual() || e.asText().isBlank()) {
                throw SwitchboardException.badRequest("'" + field + "' must hold non-empty strings only", field);
            }
            out.add(e.asText());
        }
        return out;
    }

    private static String param(HttpServletRequest req, String name) {
        return name(name, blankToNull(queryParam(req, name)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** An ISO-8601 instant within the times events may have (io.switchboard.api.Limits), as epoch ms. */
    private static Long instant(HttpServletRequest req, String name) {
        String v = blankToNull(queryParam(req, name));
        if (v == null) {
            return null;
        }
        Instant t;
        try {
            t = Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw SwitchboardException.badRequest("'" + name + "' is not an ISO-8601 instant like "
                    + "2026-12-04T10:00:00Z: " + v, name);
        }
        if (t.isBefore(Instant.ofEpochMilli(io.switchboard.api.Limits.TS_MIN))
                || t.isAfter(Instant.ofEpochMilli(io.switchboard.api.Limits.TS_MAX))) {
            throw SwitchboardException.badRequest("'" + name + "' must be from " + Json.instant(
                    io.switchboard.api.Limits.TS_MIN) + " to " + Json.instant(io.switchboard.api.Limits.TS_MAX)
                    + ": " + v, name);
        }
        return t.toEpochMilli();
    }

    static ObjectNode rulesJson(String tenant, RecordingRules r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("tenant", tenant);
        r.queues().forEach(n.putArray("queues")::add);
        r.agents().forEach(n.putArray("agents")::add);
        n.put("percentage", r.percentage());
        ObjectNode p = n.putObject("profile");
        p.put("pool", r.profile().pool());
        p.put("pauseOnHold", r.profile().pauseOnHold());
        return n;
    }

    static ObjectNode json(Recording r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", r.id());
        n.put("tenant", r.tenant());
        n.put("call", r.call());
        n.put("agent", r.agent());
        n.put("dn", r.dn());
        n.put("queue", r.queue());
        n.put("start", Json.instant(r.start()));
        n.put("end", Json.instant(r.end()));
        n.put("state", r.state());
        n.put("mediaServer", r.mediaServer());
        n.put("encrypted", r.encrypted());
        n.put("gapMillis", r.gapMillis());
        n.put("manager", r.manager());
        ArrayNode segs = n.putArray("segments");
        for (Segment s : r.segments()) {
            ObjectNode j = segs.addObject();
            j.put("index", s.index());
            j.put("mediaServer", s.mediaServer());
            j.put("start", Json.instant(s.start()));
            j.put("end", Json.instant(s.end()));
            j.put("gapMillis", s.gapMillis());
            j.put("bytes", s.bytes());
            j.put("complete", s.complete());
        }
        return n;
    }
}
