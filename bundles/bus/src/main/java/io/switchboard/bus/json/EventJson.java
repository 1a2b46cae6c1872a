package io.switchboard.bus.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.event.CanonicalEvent;
import java.time.Instant;
import java.util.Map;

/** The canonical JSON line of an event, as EVENTS.md defines it (and as the parser reads it back). */
public final class EventJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {
    }

    public static String line(CanonicalEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", e.type().name());
        n.put("ts", Instant.ofEpochMilli(e.ts()).toString());
        n.put("source", e.source());
        n.put("seq", e.seq());
        n.put("tenant", e.tenant());
        n.put("media", e.media());
        put(n, "agent", e.agent());
        put(n, "place", e.place());
        put(n, "dn", e.dn());
        put(n, "call", e.call());
        put(n, "queue", e.queue());
        put(n, "direction", e.direction());
        put(n, "reason", e.reason());
        put(n, "workMode", e.workMode());
        if (!e.data().isEmpty()) {
            ObjectNode d = n.putObject("data");
            for (Map.Entry<String, String> kv : e.data().entrySet()) {
                d.put(kv.getKey(), kv.getValue());
            }
        }
        return n.toString();
    }

    private static void put(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
