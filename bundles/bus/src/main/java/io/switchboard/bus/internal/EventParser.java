package io.switchboard.bus.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.Limits;
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
        Parsed fast = fastParse(line);
        if (fast != null) {
            return fast;
        }
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
        // a source that breaks the limits is no source: its rejections must not open a counter under it
        boolean named = source != null && source.isTextual() && Limits.checkText("source", source.asText()) == null;
        return new Parsed(null, p.error(), named ? source.asText() : null,
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

    private static final String[] STRING_FIELDS = {"source", "tenant", "media", "agent", "place", "dn", "call", "queue",
        "direction", "reason", "workMode"};

    /**
     * The common case without building a tree: a flat object of string fields, an integer seq, a
     * {@code ts} in the usual form and string data. Anything else (including every kind of error)
     * returns null and goes the tree way, which says precisely what is wrong.
     */
    private Parsed fastParse(String line) {
        try (com.fasterxml.jackson.core.JsonParser p = mapper.getFactory().createParser(line)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            String[] strings = new String[STRING_FIELDS.length];
            String type = null;
            String ts = null;
            long seq = 0;
            boolean hasSeq = false;
            Map<String, String> data = null;
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                com.fasterxml.jackson.core.JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> type = v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? p.getText() : null;
                    case "ts" -> ts = v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? p.getText() : null;
                    case "seq" -> {
                        if (v != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() != com.fasterxml.jackson.core.JsonParser.NumberType.INT
                                && p.getNumberType() != com.fasterxml.jackson.core.JsonParser.NumberType.LONG) {
                            return null;
                        }
                        seq = p.getLongValue();
                        hasSeq = true;
                    }
                    case "data" -> {
                        if (v == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
                            data = null;
                            break;
                        }
                        if (v != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                            return null;
                        }
                        data = new LinkedHashMap<>();
                        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                            String key = p.currentName();
                            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                                return null;
                            }
                            data.put(key, p.getText());
                        }
                    }
                    default -> {
                        int i = indexOf(name);
                        if (i < 0) {
                            p.skipChildren(); // unknown fields are ignored, as by the tree way
                        } else if (v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                            strings[i] = p.getText();
                        } else if (v == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
                            strings[i] = null;
                        } else {
                            return null;
                        }
                    }
                }
            }
            if (t != com.fasterxml.jackson.core.JsonToken.END_OBJECT || p.nextToken() != null || type == null
                    || ts == null || !hasSeq) {
                return null;
            }
            EventType eventType = EventType.byName(type);
            long millis = fastInstant(ts);
            if (eventType == null || millis == Long.MIN_VALUE) {
                return null;
            }
            CanonicalEvent e = new CanonicalEvent(eventType, millis, strings[0], seq, strings[1], strings[2],
                    strings[3], strings[4], strings[5], strings[6], strings[7], strings[8], strings[9], strings[10],
                    data);
            return EventRules.check(e) == null ? new Parsed(e, null, e.source(), e.seq()) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static int indexOf(String name) {
        for (int i = 0; i < STRING_FIELDS.length; i++) {
            if (STRING_FIELDS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z} without the general parser; Long.MIN_VALUE for any other
     * form (the general parser then decides).
     */
    static long fastInstant(String s) {
        int n = s.length();
        if ((n != 20 && n != 24) || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z'
                || n == 24 && s.charAt(19) != '.') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int millis = n == 24 ? digits(s, 20, 3) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || millis < 0) {
            return Long.MIN_VALUE;
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
