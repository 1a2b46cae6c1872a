package io.switchboard.ixn.cluster.internal;

import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeUnavailableException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * An {@link InteractionNode} that another process serves, called there. Every method goes as a
 * {@link NodeCall}; a held peek waits its hold plus a margin, anything else {@link #TIMEOUT_MILLIS}.
 */
final class RemoteNode {

    /** Sends a call to the member that serves the node; the reply, or NodeUnavailableException. */
    interface Transport {
        NodeReply call(NodeCall call, long timeoutMillis);
    }

    static final long TIMEOUT_MILLIS = 30_000;

    private RemoteNode() {
    }

    static InteractionNode of(String node, Transport transport) {
        // a node's info is its configuration, fixed while one member serves it (a stub is per
        // member): asked once, so that a member paused later does not hold up every submit
        // through every proxy (each asks every node's info to route)
        java.util.concurrent.atomic.AtomicReference<Object> info = new java.util.concurrent.atomic.AtomicReference<>();
        return (InteractionNode) Proxy.newProxyInstance(InteractionNode.class.getClassLoader(),
                new Class<?>[] {InteractionNode.class}, (self, m, args) -> {
                    if (m.getDeclaringClass() == Object.class) {
                        return object(node, self, m, args);
                    }
                    boolean isInfo = m.getName().equals("info") && m.getParameterCount() == 0;
                    if (isInfo && info.get() != null) {
                        return info.get();
                    }
                    NodeCall call = new NodeCall(node, m.getName(), m.getParameterCount(), NodeCalls.arguments(m, args));
                    NodeReply reply = transport.call(call, timeout(m, args));
                    if (reply == null) {
                        throw new NodeUnavailableException("node " + node + " gave no answer", null);
                    }
                    Object result = NodeCalls.result(m, reply, node);
                    if (isInfo && result != null) {
                        info.set(result);
                    }
                    return result;
                });
    }

    /** How long a node's info may take: it is asked while routing, where a paused member must not hold a submit long. */
    static final long INFO_TIMEOUT_MILLIS = 5_000;

    private static long timeout(Method m, Object[] args) {
        if (m.getName().equals("info")) {
            return INFO_TIMEOUT_MILLIS;
        }
        if (m.getName().equals("peek") && args != null && args.length >= 4 && args[3] instanceof Long hold) {
            return hold + TIMEOUT_MILLIS;
        }
        return TIMEOUT_MILLIS;
    }

    private static Object object(String node, Object self, Method m, Object[] args) {
        return switch (m.getName()) {
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            default -> "remote Interaction Server node " + node;
        };
    }
}
