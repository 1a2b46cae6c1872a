package io.switchboard.api.interaction;

/**
 * Interaction Server node names, unique in the cluster. The two instances of a pair share a name
 * and a database; any other node with a taken name must not start, or two unrelated nodes would
 * hand out the same generated ids ({@code node1-1} on each) and split one name's interactions.
 * Registered where a cluster is (the grid); without it a name is unique in its process only.
 */
public interface NodeNames {

    /**
     * Takes {@code node} for this process. {@code database} names what the node stores into: a
     * network database's URL, which a pair's instances on two processes share ({@code shared}),
     * or an embedded database's directory, which no other process can open. Null when the name
     * is this node's now; else why not, naming where the name is taken.
     */
    String claim(String node, String database, boolean shared);

    /**
     * Gives back one successful {@link #claim} of {@code node} (the instance that made it stopped
     * cleanly, or its configuration was removed). The name is free for others once no instance
     * of this process and no pair partner on the shared database holds it. Without a release a
     * name stays taken for as long as its process is a member of the cluster.
     */
    default void release(String node, String database, boolean shared) {
        // a process-local directory holds nothing that outlives its instances
    }
}
