package io.switchboard.api.model;

/** The monitored object types of STATISTICS.md. */
public enum ObjectType {
    Agent, Place, DN, AgentGroup, PlaceGroup, Queue, QueueGroup, Tenant;

    /** The type named {@code name} (exact spelling of the spec), or null. */
    public static ObjectType byName(String name) {
        for (ObjectType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Objects that have a status (CurrentState, CurrentTime). */
    public boolean hasStatus() {
        return this == Agent || this == Place || this == DN;
    }

    public boolean isGroup() {
        return this == AgentGroup || this == PlaceGroup || this == QueueGroup;
    }
}
