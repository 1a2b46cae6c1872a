package io.switchboard.rest.internal;

/** The statistics event streams (SSE) of this node: {@code io.switchboard:type=Streams}. */
public interface StreamsMBean {
    /** Server-Sent Events clients connected now. */
    int getClients();
    /** Their peers, address:port. */
    String[] getPeers();
}
