package io.switchboard.api.interaction;

import java.util.Map;

/** A new interaction; {@code id} null lets the cluster generate one. */
public record SubmitRequest(String tenant, String media, String queue, String id, int priority,
        Map<String, String> data) {

    public SubmitRequest {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
