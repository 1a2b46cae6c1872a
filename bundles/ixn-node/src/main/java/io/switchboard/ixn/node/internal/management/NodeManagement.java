package io.switchboard.ixn.node.internal.management;

import io.switchboard.ixn.node.internal.NodeComponent;
import io.switchboard.ixn.node.internal.NodeEngine;
import java.util.Map;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/** Registered through Karaf's JMX whiteboard by its {@code jmx.objectname}. */
public class NodeManagement extends StandardMBean implements NodeMBean {

    protected final NodeComponent node;

    public NodeManagement(NodeComponent node) throws NotCompliantMBeanException {
        this(node, NodeMBean.class);
    }

    private <T extends NodeMBean> NodeManagement(NodeComponent node, Class<T> type) throws NotCompliantMBeanException {
        super(type);
        this.node = node;
    }

    private NodeEngine engine() {
        return node.engine();
    }

    @Override
    public String getNode() {
        return engine().settings().name();
    }

    @Override
    public String getInstance() {
        return engine().settings().instance();
    }

    @Override
    public boolean isActive() {
        return engine().isActive();
    }

    @Override
    public String getRole() {
        return node.role();
    }

    @Override
    public String getDatabase() {
        String d = node.databaseDescription();
        return d == null ? "" : d;
    }

    @Override
    public String getHolderId() {
        return engine().holder();
    }

    @Override
    public String getLeaseHolder() {
        NodeEngine.Lease l = engine().lease();
        return l == null || l.holder() == null ? "" : l.holder();
    }

    @Override
    public long getLeaseExpiresInMillis() {
        NodeEngine.Lease l = engine().lease();
        return l == null ? Long.MIN_VALUE : l.expiresAt() - System.currentTimeMillis();
    }

    @Override
    public long getActiveSince() {
        return node.activeSince();
    }

    @Override
    public Map<String, Long> getInteractionsByState() {
        return engine().isActive() ? engine().countsByState() : Map.of();
    }

    @Override
    public long getSubmitted() {
        return engine().submitted.get();
    }

    @Override
    public long getOffered() {
        return engine().offered.get();
    }

    @Override
    public long getAccepted() {
        return engine().accepted.get();
    }

    @Override
    public long getRevokedOffers() {
        return engine().revoked.get();
    }

    @Override
    public long getEventsLogged() {
        return engine().eventsLogged.get();
    }

    @Override
    public long getEventsPublished() {
        return node.publisher().published();
    }

    @Override
    public long getEventsRejectedByBus() {
        return node.publisher().rejected();
    }

    @Override
    public int getHeldPulls() {
        return engine().heldPulls();
    }

    /** The test-hook variant: see {@link NodeTestHooksMBean}. */
    public static final class WithTestHooks extends NodeManagement implements NodeTestHooksMBean {

        public WithTestHooks(NodeComponent node) throws NotCompliantMBeanException {
            super(node, NodeTestHooksMBean.class);
        }

        @Override
        public void kill() {
            node.kill();
        }

        @Override
        public void holdNextWrite(long millis) {
            node.engine().holdNextWrite(millis);
        }

        @Override
        public boolean isWriteHeld() {
            NodeEngine e = node.engine();
            return e != null && e.holdingWrite();
        }

        @Override
        public String getHeldWriteOutcome() {
            NodeEngine e = node.engine();
            return e == null ? "" : e.heldWriteOutcome();
        }
    }

    /** System property that enables the test hooks (never set it in production). */
    public static final String TEST_HOOKS = "switchboard.testHooks";

    /** The MBean for this node: with the {@code kill} hook only when {@link #TEST_HOOKS} is true. */
    public static NodeManagement of(NodeComponent node) throws NotCompliantMBeanException {
        return Boolean.getBoolean(TEST_HOOKS) ? new WithTestHooks(node) : new NodeManagement(node);
    }
}
