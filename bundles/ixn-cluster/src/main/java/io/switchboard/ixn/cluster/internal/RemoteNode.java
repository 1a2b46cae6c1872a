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
        return (InteractionNode) Proxy.newProxyInstance(InteractionNode.class.getClassLoader(),
                new Class<?>[] {InteractionNode.class}, (self, m, args) -> {
                    if (m.getDeclaringClass() == Object.class) {
                        return object(node, self, m, args);
                    }
                    NodeCall call = new NodeCall(node, m.getName(), m.getParameterCount(), NodeCalls.arguments(m, args));
                    NodeReply reply = transport.call(call, timeout(m, args));
                    if (reply == null) {
                        throw new NodeUnavailableException("node " + node + " gave no answer", null);
                    }
                    return NodeCalls.result(m, reply, node);
                });
    }

    private static long timeout(Method m, Object[] args) {
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
