package io.switchboard.api.cluster;

import java.util.List;
import java.util.Map;

/**
 * Which node owns each event source (API.md, "Cluster"): one node at a time. A node takes a
 * source that nobody owns, or whose owner is gone from the cluster; a source whose solution names
 * a first owner that is up goes there. Registered by the grid.
 */
public interface SourceOwnership {

    /**
     * The answer to a node that wants a source: granted (it owns it now), or the live owner and
     * where its clients connect ({@code host:port} of its TCP event port; null when unknown).
     */
    record Claim(boolean granted, String owner, String redirect) {
        public static Claim granted(String owner) {
            return new Claim(true, owner, null);
        }
    }

    /** This node asks for the source. */
    Claim claim(String source);

    /** This node's name in the cluster. */
    String self();

    /** The sources each node owns now, by node name. */
    Map<String, List<String>> owners();

    /**
     * Where a live node's HTTP port is ({@code host:port}), so that an HTTP post for a source it
     * owns can be forwarded to it; null when the node is gone or did not say (no solution).
     */
    String http(String node);

    /**
     * Whether other nodes are in the cluster now. Alone, a node owns every source it is given,
     * so a post need not be split by owner (the hot path stays as on a single node).
     */
    default boolean shared() {
        return true;
    }
}
