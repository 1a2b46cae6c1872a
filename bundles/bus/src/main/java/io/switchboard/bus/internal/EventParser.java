package io.switchboard.bus.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventRules;
import io.switchboard.api.event.EventType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses one NDJSON line into a canonical event, or says exactly what is wrong with it. Never
 * throws on bad input.
 */
public final class EventParser {

    /**
     * The outcome for one line: an event or an error; {@code source} is known whenever the line
     * was a JSON object with a string {@code source}, so rejections count against their source.
     */
    public record Parsed(CanonicalEvent event, String error, String source, Long seq) {
        static Parsed error(String error) {
            return new Parsed(null, error, null, null);
        }
    }

    private final ObjectMapper mapper;

    public EventParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Parsed parse(String line) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            return Parsed.error("not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode obj)) {
            return Parsed.error("an event must be a JSON object");
        }
        return fromObject(obj);
    }

    public Parsed fromObject(ObjectNode obj) {
        Parsed p = check(obj);
        if (p.error() == null) {
            return p;
        }
        JsonNode source = obj.get("source");
        JsonNode seq = obj.get("seq");
        return new Parsed(null, p.error(), source != null && source.isTextual() ? source.asText() : null,
                seq != null && seq.isIntegralNumber() && seq.canConvertToLong() ? seq.asLong() : null);
    }

    private Parsed check(ObjectNode obj) {
        JsonNode typeNode = obj.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return Parsed.error("missing required field 'type'");
        }
        if (!typeNode.isTextual()) {
            return Parsed.error("field 'type' must be a string");
        }
        EventType type = EventType.byName(typeNode.asText());
        if (type == null) {
            return Parsed.error("unknown event type '" + typeNode.asText() + "'");
        }
        JsonNode tsNode = obj.get("ts");
        if (tsNode == null || tsNode.isNull()) {
            return Parsed.error("missing required field 'ts'");
        }
        if (!tsNode.isTextual()) {
            return Parsed.error("field 'ts' must be an ISO-8601 instant string");
        }
        long ts;
        try {
            String text = tsNode.asText();
            if (!text.endsWith("Z")) {
                return Parsed.error("field 'ts' must be an ISO-8601 instant ending in 'Z', not '" + text + "'");
            }
            ts = Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return Parsed.error("field 'ts' is not an ISO-8601 instant: '" + tsNode.asText() + "'");
        }
        JsonNode seqNode = obj.get("seq");
        if (seqNode == null || seqNode.isNull()) {
            return Parsed.error("missing required field 'seq'");
        }
        if (!seqNode.isIntegralNumber() || !seqNode.canConvertToLong()) {
            return Parsed.error("field 'seq' must be an integer >= 1");
        }
        String[] strings = new String[11];
        String[] names = {"source", "tenant", "media", "agent", "place", "dn", "call", "queue", "direction", "reason",
            "workMode"};
        for (int i = 0; i < names.length; i++) {
            JsonNode n = obj.get(names[i]);
            if (n == null || n.isNull()) {
                continue;
            }
            if (!n.isTextual()) {
                return Parsed.error("field '" + names[i] + "' must be a string");
            }
            strings[i] = n.asText();
        }
        Map<String, String> data = null;
        JsonNode dataNode = obj.get("data");
        if (dataNode != null && !dataNode.isNull()) {
            if (!dataNode.isObject()) {
                return Parsed.error("field 'data' must be an object of string values");
            }
            data = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = dataNode.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isTextual()) {
                    return Parsed.error("field 'data." + f.getKey() + "' must be a string");
                }
                data.put(f.getKey(), f.getValue().asText());
            }
        }
        CanonicalEvent e = new CanonicalEvent(type, ts, strings[0], seqNode.asLong(), strings[1], strings[2],
                strings[3], strings[4], strings[5], strings[6], strings[7], strings[8], strings[9], strings[10], data);
        String error = EventRules.check(e);
        return error == null ? new Parsed(e, null, e.source(), e.seq()) : Parsed.error(error);
    }
}
