package io.switchboard.engine.internal.core;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import java.time.Instant;

/** Compact event construction for tests: times are "HH:mm:ss" on one day. */
final class Events {

    private static long seq;

    private Events() {
    }

    static long t(String hms) {
        return Instant.parse("2026-03-02T" + hms + "Z").toEpochMilli();
    }

    static CanonicalEvent.Builder at(EventType type, String hms) {
        return CanonicalEvent.builder(type).ts(t(hms)).source("test").seq(++seq).tenant("acme");
    }

    static CanonicalEvent agent(EventType type, String hms, String agent, String dn) {
        return at(type, hms).agent(agent).dn(dn).build();
    }

    static CanonicalEvent call(EventType type, String hms, String agent, String dn, String call) {
        return at(type, hms).agent(agent).dn(dn).call(call).build();
    }
}
