package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatValue;
import java.io.IOException;
import java.time.Instant;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** JSON in and out, and the error form of API.md. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode readBody(HttpServletRequest req) {
        try {
            JsonNode node = MAPPER.readTree(req.getInputStream());
            if (node == null || node.isMissingNode()) {
                throw SwitchboardException.badRequest("empty request body", "body");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw SwitchboardException.badRequest("request body is not valid JSON: " + e.getOriginalMessage(), "body");
        } catch (IOException e) {
            throw SwitchboardException.badRequest("request body could not be read: " + e.getMessage(), "body");
        }
    }

    static void write(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        MAPPER.writeValue(resp.getOutputStream(), body);
    }

    static void error(HttpServletResponse resp, SwitchboardException e) throws IOException {
        int status = e.code() >= 400 && e.code() < 600 ? e.code() : 400;
        write(resp, status, errorBody(e.code(), e.error(), e.detail()));
    }

    static ObjectNode errorBody(int code, String error, String detail) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("code", code);
        n.put("error", error);
        n.put("detail", detail == null ? "" : detail);
        return n;
    }

    /** Instants as events give them (EVENTS.md): UTC, always with milliseconds ("...:02.000Z"). */
    private static final java.time.format.DateTimeFormatter INSTANT = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(java.time.ZoneOffset.UTC);

    /**
     * The instant formatted last. The values of one notifier pass share their time, and the
     * formatter was a quarter of writing a stream of them.
     */
    private static volatile Formatted lastInstant = new Formatted(Long.MIN_VALUE, null);

    private record Formatted(long epochMs, String text) {
    }

    static String instant(Long epochMs) {
        if (epochMs == null) {
            return null;
        }
        Formatted last = lastInstant;
        if (last.epochMs() == epochMs) {
            return last.text();
        }
        String text = INSTANT.format(Instant.ofEpochMilli(epochMs));
        lastInstant = new Formatted(epochMs, text);
        return text;
    }

    static JsonNode value(Object value) {
        if (value == null) {
            return MAPPER.nullNode();
        }
        if (value instanceof ObjectState s) {
            return state(s);
        }
        if (value instanceof Long || value instanceof Integer) {
            return MAPPER.getNodeFactory().numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return MAPPER.getNodeFactory().numberNode(n.doubleValue());
        }
        return MAPPER.valueToTree(value);
    }

    static ObjectNode state(ObjectState s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("status", s.status());
        n.put("since", instant(s.since()));
        ArrayNode dns = n.putArray("dns");
        for (ObjectState.EndpointStatus ep : s.dns()) {
            ObjectNode d = dns.addObject();
            d.put("dn", ep.dn());
            d.put("media", ep.media());
            d.put("status", ep.status());
            d.put("since", instant(ep.since()));
            d.put("call", ep.call());
        }
        return n;
    }

    /**
     * Appends a statistic's value with its reference, {@code {"ref":..,"value":..,"at":..}}: the
     * same text as {@link #statValue} under a ref. A stream carries tens of thousands a second,
     * nearly all of them a number under a plain ref and an instant, and building a tree for
     * each (or a generator's checks) was most of writing them; anything else goes through Jackson.
     */
    static void appendStatValue(StringBuilder b, String ref, StatValue v) throws IOException {
        b.append("{\"ref\":");
        appendString(b, ref);
        b.append(",\"value\":");
        Object x = v.value();
        if (x instanceof Long || x instanceof Integer) {
            b.append(((Number) x).longValue());
        } else if (x instanceof Double d && Double.isFinite(d)) {
            b.append(d.doubleValue());
        } else {
            b.append(MAPPER.writeValueAsString(value(x)));
        }
        b.append(",\"at\":");
        appendString(b, instant(v.at()));
        if (v.partial()) {
            b.append(",\"partial\":true");
        }
        b.append('}');
    }

    /** A JSON string: as it is when nothing in it needs escaping (refs, instants), else Jackson's. */
    private static void appendString(StringBuilder b, String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
                b.append(MAPPER.writeValueAsString(s));
                return;
            }
        }
        b.append('"').append(s).append('"');
    }

    static ObjectNode statValue(StatValue v) {
        ObjectNode n = MAPPER.createObjectNode();
        n.set("value", value(v.value()));
        n.put("at", instant(v.at()));
        if (v.partial()) {
            n.put("partial", true);
        }
        return n;
    }
}
