package io.switchboard.api.licensing;

import java.util.List;

/**
 * Seats per node and the cluster's capacity: the smallest limit among the running nodes, since
 * an agent takes a seat on every node serving its tenant. {@code capacity} is null when no
 * running node has a limit.
 */
public record Licenses(List<NodeSeats> nodes, Integer capacity) {

    public Licenses {
        nodes = List.copyOf(nodes);
    }

    /** One node (both instances of its pair): {@code seats} null = no limit. */
    public record NodeSeats(String node, Integer seats, int used, boolean up) {
    }
}
