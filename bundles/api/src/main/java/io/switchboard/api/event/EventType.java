package io.switchboard.api.event;

/** The canonical event types of EVENTS.md. */
public enum EventType {
    AgentLogin(Kind.AGENT),
    AgentLogout(Kind.AGENT),
    AgentReady(Kind.AGENT),
    AgentNotReady(Kind.AGENT),
    CallQueued(Kind.QUEUE),
    CallDiverted(Kind.QUEUE),
    CallAbandoned(Kind.QUEUE_OR_DN),
    CallCleared(Kind.QUEUE),
    CallRinging(Kind.DN),
    CallDialing(Kind.DN),
    CallEstablished(Kind.DN),
    CallHeld(Kind.DN),
    CallRetrieved(Kind.DN),
    CallReleased(Kind.DN);

    /** Where an event of the type happens, which decides its required fields. */
    public enum Kind { AGENT, QUEUE, DN, QUEUE_OR_DN }

    private final Kind kind;

    EventType(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isAgentEvent() {
        return kind == Kind.AGENT;
    }

    public boolean isCallEvent() {
        return kind != Kind.AGENT;
    }

    /** The type named {@code name}, or null: unknown names are a validation error, not an exception. */
    public static EventType byName(String name) {
        if (name == null) {
            return null;
        }
        for (EventType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
