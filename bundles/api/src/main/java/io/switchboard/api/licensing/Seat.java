package io.switchboard.api.licensing;

/** One agent's seat on one node, taken at {@code since} (epoch ms; 0 = held before licensing saw it). */
public record Seat(String node, String tenant, String agent, long since) {
}
