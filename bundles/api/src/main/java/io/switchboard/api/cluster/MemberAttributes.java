package io.switchboard.api.cluster;

/**
 * The attributes the grid gives this node's Hazelcast member, so that every node can tell who a
 * member is and where its ports are ({@code GET /api/v1/cluster}, source redirects).
 */
public final class MemberAttributes {

    /** The node's name (its solution member, else {@code switchboard.node}); absent: use its address. */
    public static final String NODE = "switchboard.node";
    /** host:port of the node's HTTP port, when its solution says. */
    public static final String HTTP = "switchboard.http";
    /** host:port of the node's TCP event port, when its solution says. */
    public static final String TCP = "switchboard.tcp";

    /** A member's node name: its {@link #NODE} attribute, else the host:port of its grid address. */
    public static String nodeName(String nodeAttribute, String host, int port) {
        return nodeAttribute != null ? nodeAttribute : host + ":" + port;
    }

    private MemberAttributes() {
    }
}
