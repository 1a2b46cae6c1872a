package io.switchboard.grid.internal.management;

import javax.management.MBeanException;

/** The grid this node is a member of: {@code io.switchboard:type=Cluster}. */
public interface ClusterMBean {

    String getClusterName() throws MBeanException;

    /** Hazelcast's cluster state: ACTIVE, FROZEN, PASSIVE, NO_MIGRATION, IN_TRANSITION. */
    String getClusterState() throws MBeanException;

    /** Every partition has its backups: a member may leave without losing data. */
    boolean isSafe() throws MBeanException;

    int getPartitionCount() throws MBeanException;

    /** Partitions that have no owner now (a member just left, migration pending). */
    int getUnownedPartitions() throws MBeanException;

    /** This node's member, host:port. */
    String getLocalMember() throws MBeanException;

    int getMemberCount() throws MBeanException;

    /** Each member as "host:port uuid partitions=n", this node's with " local". */
    String[] getMembers() throws MBeanException;
}
