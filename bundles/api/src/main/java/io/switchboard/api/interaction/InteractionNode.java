package io.switchboard.api.interaction;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Interaction Server node (the instance of a pair that holds the pair's lease), registered
 * with the service property {@value #NODE_NAME}. Every method may throw
 * {@link NodeUnavailableException} when the node stops or loses its database, and
 * {@link InteractionException} for a refused request.
 */
public interface InteractionNode {

    String NODE_NAME = "node.name";

    /**
     * Service property (Long): the generation of the pair's lease the serving instance took, larger
     * for every later take; where two processes announce one node, the larger one serves.
     */
    String LEASE_EPOCH = "node.epoch";

    NodeInfo info();

    Interaction submit(SubmitRequest request);

    Optional<Interaction> get(String id);

    Interaction placeInQueue(String id, String queue);

    Interaction stop(String id, String reason);

    Interaction accept(String id, String agent);

    Interaction updateData(String id, Map<String, String> changes);

    Interaction putInWorkbin(String id, String workbin, String owner);

    /**
     * The head of a queue in queue order, without taking anything. With nothing queued the call
     * waits up to {@code holdMillis} (the pull-hold timeout) for an interaction to arrive.
     */
    default List<Interaction> peek(String tenant, String queue, int max, long holdMillis) {
        return peek(tenant, queue, max, holdMillis, Interaction.ViewOrder.PRIORITY);
    }

    /** {@link #peek(String, String, int, long)} in the given view order. */
    List<Interaction> peek(String tenant, String queue, int max, long holdMillis, Interaction.ViewOrder order);

    /** Offers the given interactions if they are still queued; returns those it offered. */
    List<Interaction> take(Collection<String> ids);

    /** Interactions of a tenant whose fields equal the given values ({@code data.X} for data). */
    List<Interaction> find(String tenant, Map<String, String> where, int limit);

    List<Interaction> workbin(String tenant, String workbin, String owner);

    /** Queued interactions, at most max-interactions-per-snapshot (or {@code max} if lower). */
    List<Interaction> snapshot(String tenant, String queue, int max);

    /** Logs the agent in on the media types of {@code media} this node serves; returns them. */
    Set<String> agentLogin(String tenant, String agent, String place, Set<String> media);

    /** The media types the agent was logged out of here (empty when not logged in here). */
    Set<String> agentLogout(String tenant, String agent);

    /** Applies to the media types of {@code media} (all when empty) the agent is logged in on here. */
    Set<String> agentReady(String tenant, String agent, Set<String> media);

    Set<String> agentNotReady(String tenant, String agent, Set<String> media, String reason);

    /** Interactions on this node by state name (all tenants). */
    Map<String, Long> countsByState();

    /** Agents logged in on this node: agent → media → "ready"/"not-ready". */
    Map<String, Map<String, String>> agents(String tenant);

    /**
     * Every agent logged in on this node, tenant → agents, over all tenants: what a seat
     * licence (which may start after the agents logged in, or on the partner of a pair that took
     * over) counts as seats already taken. A node that cannot tell answers an empty map.
     */
    default Map<String, Set<String>> loggedInAgents() {
        return Map.of();
    }
}
