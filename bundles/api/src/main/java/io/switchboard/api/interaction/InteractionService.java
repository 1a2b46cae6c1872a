package io.switchboard.api.interaction;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Interaction Server Proxy: one view of all nodes. Registered with {@value #PROXY_NAME}.
 * Errors are {@link InteractionException}s (HTTP-like codes or the proxy codes 2000–2006).
 */
public interface InteractionService {

    String PROXY_NAME = "proxy.name";

    /** The created interaction ({@code node} names where it lives). */
    Interaction submit(SubmitRequest request);

    Interaction get(String id);

    Interaction placeInQueue(String id, String queue);

    Interaction stop(String id, String reason);

    Interaction accept(String id, String agent);

    Interaction updateData(String id, Map<String, String> changes);

    Interaction putInWorkbin(String id, String workbin, String owner);

    /** The next interactions of a queue over every node, in global queue order; they are offered. */
    default List<Interaction> pull(String tenant, String queue, int max) {
        return pull(tenant, queue, max, Interaction.ViewOrder.PRIORITY);
    }

    /** A pull from the view (queue + order). */
    List<Interaction> pull(String tenant, String queue, int max, Interaction.ViewOrder order);

    List<Interaction> find(String tenant, Map<String, String> where, int limit);

    List<Interaction> workbin(String tenant, String workbin, String owner);

    List<Interaction> snapshot(String tenant, String queue, int max);

    /** Media types the agent is logged in on, over all nodes. */
    Set<String> agentLogin(String tenant, String agent, String place, Set<String> media);

    void agentLogout(String tenant, String agent);

    void agentReady(String tenant, String agent, Set<String> media);

    void agentNotReady(String tenant, String agent, Set<String> media, String reason);

    /** An operation name the proxy does not route (answered with 2000). */
    default Object unsupported(String operation) {
        throw InteractionException.proxy(InteractionException.UNSUPPORTED_OPERATION, operation);
    }
}
