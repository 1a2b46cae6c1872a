package io.switchboard.bus.internal;

import io.switchboard.api.config.ConfigurationService;
import io.switchboard.api.event.CanonicalEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * STATISTICS.md "Objects": in a strict tenant, an event naming an agent, DN, place or queue that
 * is not configured is rejected. One instance judges one batch, remembering what it looked up.
 */
final class StrictTenants {

    private final ConfigurationService config;
    private final Map<String, Boolean> strict = new HashMap<>();
    private final Map<String, Boolean> known = new HashMap<>();

    StrictTenants(ConfigurationService config) {
        this.config = config;
    }

    /** Null when the event may pass, else the reason. */
    String check(CanonicalEvent e) {
        if (config == null || !strict.computeIfAbsent(e.tenant(), config::isStrict)) {
            return null;
        }
        String missing = missing(e, "Agent", e.agent());
        if (missing == null && e.isVoice()) {
            missing = missing(e, "DN", e.dn());
        }
        if (missing == null) {
            missing = missing(e, "Place", e.place());
        }
        if (missing == null) {
            missing = missing(e, "Queue", e.queue());
        }
        return missing;
    }

    private String missing(CanonicalEvent e, String type, String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        boolean configured = known.computeIfAbsent(type + '|' + e.tenant() + '|' + id,
                k -> config.get(e.tenant(), type, id) != null);
        return configured ? null
                : type + " '" + id + "' is not configured in strict tenant '" + e.tenant() + "'";
    }
}
