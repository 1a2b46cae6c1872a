package io.switchboard.ixn.node.internal.management;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import javax.management.MBeanOperationInfo;
import org.junit.After;
import org.junit.Test;

/** The kill() test hook is no operation of a production node's MBean. */
public class NodeManagementTest {

    @After
    public void clear() {
        System.clearProperty(NodeManagement.TEST_HOOKS);
    }

    private static boolean hasKill(NodeManagement m) {
        return Arrays.stream(m.getMBeanInfo().getOperations()).map(MBeanOperationInfo::getName).anyMatch("kill"::equals);
    }

    @Test
    public void withoutTheTestHooksPropertyTheMBeanHasNoKillOperation() throws Exception {
        System.clearProperty(NodeManagement.TEST_HOOKS);
        assertFalse(hasKill(NodeManagement.of(null)));
    }

    @Test
    public void theTestHooksPropertyAddsKill() throws Exception {
        System.setProperty(NodeManagement.TEST_HOOKS, "true");
        assertTrue(hasKill(NodeManagement.of(null)));
    }
}
