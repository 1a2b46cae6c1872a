package io.switchboard.api.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One configuration object. {@code type} is an object type name or {@code MediaType};
 * {@code members} is set for groups; {@code attributes} holds the rest (name, strict, ...), with
 * String, Boolean, Long or Double values.
 */
public record ConfigObject(String tenant, String type, String id, Map<String, Object> attributes,
        List<String> members) {

    public static final String MEDIA_TYPE = "MediaType";

    public ConfigObject {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        members = members == null ? List.of() : List.copyOf(members);
    }

    public String key() {
        return type + '|' + tenant + '|' + id;
    }

    /** Tenant objects only: events naming unconfigured objects are rejected when true. */
    public boolean strict() {
        return Boolean.TRUE.equals(attributes.get("strict"));
    }
}
