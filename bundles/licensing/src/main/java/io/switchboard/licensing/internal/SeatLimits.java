package io.switchboard.licensing.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * The configured limits: {@code seats} for every node, {@code seats.<node>} for one; -1 (or
 * neither) means no limit. Parsed whole or not at all, so a typo never half-applies a licence.
 */
record SeatLimits(Integer seats, Map<String, Integer> perNode) {

    static final SeatLimits NONE = new SeatLimits(null, Map.of());

    static final String SEATS = "seats";
    private static final String PREFIX = SEATS + ".";

    SeatLimits {
        perNode = Map.copyOf(perNode);
    }

    /** The node's limit, null = none. */
    Integer of(String node) {
        Integer own = perNode.get(node);
        if (own != null) {
            return own < 0 ? null : own;
        }
        return seats;
    }

    /** A configuration's limits; an {@link IllegalArgumentException} names the first bad property. */
    static SeatLimits parse(Map<String, ?> properties) {
        Integer all = null;
        Map<String, Integer> nodes = new TreeMap<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            String key = e.getKey();
            if (key.equals(SEATS)) {
                int v = count(key, e.getValue());
                all = v < 0 ? null : v;
            } else if (key.startsWith(PREFIX)) {
                String node = key.substring(PREFIX.length()).trim();
                if (node.isEmpty()) {
                    throw new IllegalArgumentException("'" + key + "' names no node: use seats.<node>");
                }
                nodes.put(node, count(key, e.getValue()));
            }
        }
        return new SeatLimits(all, nodes);
    }

    private static int count(String key, Object value) {
        String text = value == null ? "" : String.valueOf(value).trim();
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number of seats (-1 = no limit), not '"
                    + text + "'");
        }
        if (v < -1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + key + "' must be between -1 (no limit) and " + Integer.MAX_VALUE
                    + ", not " + v);
        }
        return (int) v;
    }

    @Override
    public String toString() {
        return "seats=" + (seats == null ? "no limit" : seats) + (perNode.isEmpty() ? "" : " " + perNode);
    }
}
