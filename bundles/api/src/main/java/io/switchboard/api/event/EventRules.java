package io.switchboard.api.event;

import io.switchboard.api.Limits;

/**
 * The per-type field rules of EVENTS.md, shared by every adapter so that an event is judged the
 * same whichever transport brought it.
 */
public final class EventRules {

    private EventRules() {
    }

    /**
     * Checks an event that parsed; returns null when it is valid, otherwise a message naming the
     * offending field.
     */
    public static String check(CanonicalEvent e) {
        if (isBlank(e.source())) {
            return "missing required field 'source'";
        }
        if (e.seq() < 1) {
            return "field 'seq' must be an integer >= 1";
        }
        if (isBlank(e.tenant())) {
            return "missing required field 'tenant'";
        }
        String limit = checkLimits(e);
        if (limit != null) {
            return limit;
        }
        switch (e.type().kind()) {
            case AGENT:
                if (isBlank(e.agent())) {
                    return "missing field 'agent' required by " + e.type();
                }
                if (e.isVoice() && isBlank(e.dn())) {
                    return "missing field 'dn' required by " + e.type() + " on voice";
                }
                if (e.workMode() != null && !e.workMode().isEmpty()
                        && !CanonicalEvent.ACW.equals(e.workMode())) {
                    return "field 'workMode' must be 'AfterCallWork' or absent";
                }
                return null;
            case QUEUE:
                if (isBlank(e.call())) {
                    return "missing field 'call' required by " + e.type();
                }
                if (isBlank(e.queue())) {
                    return "missing field 'queue' required by " + e.type();
                }
                return null;
            case QUEUE_OR_DN:
                if (isBlank(e.call())) {
                    return "missing field 'call' required by " + e.type();
                }
                if (isBlank(e.queue()) && !hasEndpoint(e)) {
                    return "field 'queue' or 'dn' required by " + e.type();
                }
                return null;
            case DN:
            default:
                if (isBlank(e.call())) {
                    return "missing field 'call' required by " + e.type();
                }
                if (!hasEndpoint(e)) {
                    return e.isVoice()
                            ? "missing field 'dn' required by " + e.type()
                            : "missing field 'agent' required by " + e.type() + " on media " + e.media();
                }
                return checkDirection(e);
        }
    }

    /**
     * The edge limits of io.switchboard.api.Limits: a value longer than any store, key or report
     * column holds, a control character in an identifier, a seq or ts outside what every client
     * and every date calculation keeps exactly.
     */
    private static String checkLimits(CanonicalEvent e) {
        if (e.ts() < Limits.TS_MIN || e.ts() > Limits.TS_MAX) {
            return "field 'ts' must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z";
        }
        String[][] fields = {{"source", e.source()}, {"tenant", e.tenant()}, {"media", e.media()},
            {"agent", e.agent()}, {"place", e.place()}, {"dn", e.dn()}, {"call", e.call()}, {"queue", e.queue()},
            {"direction", e.direction()}, {"reason", e.reason()}, {"workMode", e.workMode()}};
        for (String[] f : fields) {
            String error = Limits.checkText(f[0], f[1]);
            if (error != null) {
                return error;
            }
        }
        return Limits.checkData("data", e.data());
    }

    private static String checkDirection(CanonicalEvent e) {
        String d = e.direction();
        if (d == null || d.isEmpty()) {
            return null;
        }
        switch (d) {
            case "inbound":
            case "outbound":
            case "internal":
            case "consult":
                return null;
            default:
                return "field 'direction' must be inbound, outbound, internal or consult, not '" + d + "'";
        }
    }

    /** A DN on voice; on other media the agent's login plays the part of the DN. */
    private static boolean hasEndpoint(CanonicalEvent e) {
        return e.isVoice() ? !isBlank(e.dn()) : !isBlank(e.agent()) || !isBlank(e.dn());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
