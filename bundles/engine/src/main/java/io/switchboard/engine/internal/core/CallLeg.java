package io.switchboard.engine.internal.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** One call at one endpoint. */
public final class CallLeg {

    public enum Phase { RINGING, DIALING, TALKING }

    final String call;
    Phase phase;
    String direction;
    /** When the call started ringing or dialling here (or was answered, if it never rang). */
    long offeredAt;
    boolean held;
    final Map<String, String> data = new LinkedHashMap<>();

    CallLeg(String call, Phase phase, String direction, long offeredAt) {
        this.call = call;
        this.phase = phase;
        this.direction = direction;
        this.offeredAt = offeredAt;
    }

    public String call() {
        return call;
    }

    public Phase phase() {
        return phase;
    }

    public String direction() {
        return direction;
    }

    public long offeredAt() {
        return offeredAt;
    }

    public boolean held() {
        return held;
    }

    public Map<String, String> data() {
        return data;
    }
}
