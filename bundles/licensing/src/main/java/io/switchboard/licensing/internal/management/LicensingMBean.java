package io.switchboard.licensing.internal.management;

import java.util.Map;
import javax.management.MBeanException;

/** The seat licence: {@code io.switchboard:type=Licensing}. */
public interface LicensingMBean {

    /** Seats taken per node (both instances of a pair count as one node). */
    Map<String, Integer> getSeatsUsed() throws MBeanException;

    /** Seats allowed per node; -1 = no limit. */
    Map<String, Integer> getSeats() throws MBeanException;

    /** How many agents the cluster can log in: the smallest running node's seats; -1 = no limit. */
    int getCapacity() throws MBeanException;

    /** Agents holding a seat on at least one node. */
    int getAgentsSeated() throws MBeanException;
}
