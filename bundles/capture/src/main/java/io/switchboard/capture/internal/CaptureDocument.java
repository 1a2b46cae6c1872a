package io.switchboard.capture.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.Limits;
import io.switchboard.api.interaction.InteractionException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A capture point's document (API.md "Capture points"): {@code {"id"?, "queue"?, "priority"?,
 * "data": {...}}}. Whatever a file, a JMS message or a request body holds, it is read here, and
 * anything wrong is a 400 naming the field, so that every type refuses the same documents alike.
 */
record CaptureDocument(String id, String queue, int priority, Map<String, String> data) {

    /** More than any document within the data limits needs; a larger file is refused unread. */
    static final int MAX_CHARS = 64 * 1024;

    /** Set on every interaction a capture point creates: its name, so it finds what it created. */
    static final String MARK = "capturePoint";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("id", "queue", "priority", "data");

    static CaptureDocument parse(String text) {
        if (text == null || text.isBlank()) {
            throw InteractionException.badRequest("the document is empty", "document");
        }
        if (text.length() > MAX_CHARS) {
            throw InteractionException.badRequest("the document is longer than " + MAX_CHARS + " characters",
                    "document");
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw InteractionException.badRequest("the document is not valid JSON: " + e.getOriginalMessage(),
                    "document");
        }
        if (n == null || !n.isObject()) {
            throw InteractionException.badRequest("the document must be a JSON object", "document");
        }
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                // a misspelt "prority" would otherwise be dropped without a word
                throw InteractionException.badRequest("unknown field '" + name + "': a document has id, queue, "
                        + "priority and data", name);
            }
        }
        return new CaptureDocument(text(n, "id"), text(n, "queue"), priority(n), data(n));
    }

    private static String text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw InteractionException.badRequest("field '" + field + "' must be a non-empty string", field);
        }
        String error = Limits.checkText(field, v.asText());
        if (error != null) {
            throw InteractionException.badRequest(error, field);
        }
        return v.asText();
    }

    private static int priority(JsonNode doc) {
        JsonNode v = doc.get("priority");
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw InteractionException.badRequest("field 'priority' must be a whole number", "priority");
        }
        return v.asInt();
    }

    private static Map<String, String> data(JsonNode doc) {
        JsonNode d = doc.get("data");
        if (d == null || d.isNull()) {
            throw InteractionException.badRequest("missing field 'data'", "data");
        }
        return data(d, "data");
    }

    /** An object of strings (numbers and booleans as their text), within the data limits. */
    static Map<String, String> data(JsonNode d, String field) {
        if (!d.isObject()) {
            throw InteractionException.badRequest("field '" + field + "' must be an object of strings", field);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = field + "." + e.getKey();
            if (e.getValue().isNull() || !e.getValue().isValueNode()) {
                throw InteractionException.badRequest("field '" + name + "' must be a string", name);
            }
            if (MARK.equals(e.getKey())) {
                throw InteractionException.badRequest("field '" + name + "' is set by the capture point", name);
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        String error = Limits.checkData(field, out);
        if (error != null) {
            throw InteractionException.badRequest(error, field);
        }
        return out;
    }
}
