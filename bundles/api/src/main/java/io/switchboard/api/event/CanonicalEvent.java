package io.switchboard.api.event;

import java.util.Map;
import java.util.Objects;

/**
 * One event in the canonical form of EVENTS.md. Instances are immutable; {@code ts} is epoch
 * milliseconds. Optional fields are null when absent; {@code data} is never null.
 */
public record CanonicalEvent(
        EventType type,
        long ts,
        String source,
        long seq,
        String tenant,
        String media,
        String agent,
        String place,
        String dn,
        String call,
        String queue,
        String direction,
        String reason,
        String workMode,
        Map<String, String> data) {

    public static final String VOICE = "voice";
    public static final String ACW = "AfterCallWork";

    public CanonicalEvent {
        Objects.requireNonNull(type, "type");
        media = media == null || media.isEmpty() ? VOICE : media;
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public boolean isVoice() {
        return VOICE.equals(media);
    }

    /**
     * The direction as EVENTS.md defaults it: {@code outbound} for CallDialing, else
     * {@code inbound}.
     */
    public String effectiveDirection() {
        if (direction != null && !direction.isEmpty()) {
            return direction;
        }
        return type == EventType.CallDialing ? "outbound" : "inbound";
    }

    /** This event with other attached data (e.g. the call's data merged over all its events). */
    public CanonicalEvent withData(Map<String, String> merged) {
        return new CanonicalEvent(type, ts, source, seq, tenant, media, agent, place, dn, call, queue, direction,
                reason, workMode, merged);
    }

    /** Builder for producers (adapters, simulator, tests) that fill fields one by one. */
    public static Builder builder(EventType type) {
        return new Builder(type);
    }

    public static final class Builder {
        private final EventType type;
        private long ts;
        private String source;
        private long seq;
        private String tenant;
        private String media;
        private String agent;
        private String place;
        private String dn;
        private String call;
        private String queue;
        private String direction;
        private String reason;
        private String workMode;
        private Map<String, String> data;

        private Builder(EventType type) {
            this.type = type;
        }

        public Builder ts(long v) { ts = v; return this; }
        public Builder source(String v) { source = v; return this; }
        public Builder seq(long v) { seq = v; return this; }
        public Builder tenant(String v) { tenant = v; return this; }
        public Builder media(String v) { media = v; return this; }
        public Builder agent(String v) { agent = v; return this; }
        public Builder place(String v) { place = v; return this; }
        public Builder dn(String v) { dn = v; return this; }
        public Builder call(String v) { call = v; return this; }
        public Builder queue(String v) { queue = v; return this; }
        public Builder direction(String v) { direction = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder workMode(String v) { workMode = v; return this; }
        public Builder data(Map<String, String> v) { data = v; return this; }

        public CanonicalEvent build() {
            return new CanonicalEvent(type, ts, source, seq, tenant, media, agent, place, dn, call,
                    queue, direction, reason, workMode, data);
        }
    }
}
