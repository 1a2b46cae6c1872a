package io.switchboard.api.model;

import java.util.Objects;

/** One object: ids are unique per tenant and type. */
public record ObjectRef(String tenant, ObjectType type, String id) {

    public ObjectRef {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    /** A stable key, also used to place the object's state in the grid. */
    public String key() {
        return type.name() + '|' + tenant + '|' + id;
    }

    @Override
    public String toString() {
        return tenant + '/' + type + '/' + id;
    }
}
