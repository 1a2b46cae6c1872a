package io.switchboard.grid.internal.management;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.switchboard.grid.internal.TwoMembers;
import java.util.Arrays;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.Test;

public class ClusterManagementTest {

    @Test
    public void showsMembersPartitionsLocalMemberAndStateThenFailsAsMBeanExceptionWhenTheMemberStops()
            throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName("io.switchboard:type=Cluster");
        TwoMembers grid = new TwoMembers(6581);
        try {
            server.registerMBean(new ClusterManagement(grid.first), name);

            assertEquals("ACTIVE", server.getAttribute(name, "ClusterState"));
            assertEquals(true, server.getAttribute(name, "Safe"));
            assertEquals(17, server.getAttribute(name, "PartitionCount"));
            assertEquals(0, server.getAttribute(name, "UnownedPartitions"));
            assertEquals(2, server.getAttribute(name, "MemberCount"));
            assertEquals(TwoMembers.address(grid.first), server.getAttribute(name, "LocalMember"));
            assertTrue(((String) server.getAttribute(name, "ClusterName")).startsWith("shell-test-"));
            String[] members = (String[]) server.getAttribute(name, "Members");
            assertEquals(Arrays.toString(members), 2, members.length);
            int total = 0;
            for (String m : members) {
                assertTrue(m, m.matches("127\\.0\\.0\\.1:658[12] [0-9a-f-]{36} partitions=\\d+( local)?"));
                total += Integer.parseInt(m.replaceAll(".*partitions=(\\d+).*", "$1"));
            }
            assertEquals(17, total);
            assertTrue(Arrays.toString(members), Arrays.stream(members)
                    .anyMatch(m -> m.startsWith(TwoMembers.address(grid.first)) && m.endsWith(" local")));
        } finally {
            grid.close();
        }

        MBeanException e = assertThrows(MBeanException.class, () -> server.getAttribute(name, "Members"));
        // StandardMBean wraps what the getter threw once more; the reason reaches the client either way
        assertTrue(e.getMessage(), e.getMessage().endsWith(
                "reading the cluster's members failed: the grid member is not running"));
    }
}
