package io.switchboard.ixn.node.internal.management;

import java.util.Map;

/** One Interaction Server node instance: {@code io.switchboard:type=InteractionNode,node=N,instance=I}. */
public interface NodeMBean {

    String getNode();

    String getInstance();

    boolean isActive();

    /** primary or backup, as configured. */
    String getRole();

    /** The database directory, or the network server URL. */
    String getDatabase();

    /** This instance's lease holder id (instance/process/token). */
    String getHolderId();

    /** Who holds the pair's lease now (empty when nobody or unknown). */
    String getLeaseHolder();

    /** Milliseconds until the current lease runs out unless renewed (negative: expired). */
    long getLeaseExpiresInMillis();

    long getActiveSince();

    Map<String, Long> getInteractionsByState();

    long getSubmitted();

    long getOffered();

    long getAccepted();

    long getRevokedOffers();

    long getEventsLogged();

    long getEventsPublished();

    long getEventsRejectedByBus();

    int getHeldPulls();
}
