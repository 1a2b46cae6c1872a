package io.switchboard.ixn.cluster.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeUnavailableException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * How a method of {@link InteractionNode} crosses processes: its arguments and result as JSON of
 * the interface's own types (records, collections, enums), its failures as {@link NodeReply}
 * kinds that become the same exceptions on the calling side. One mapping for every method, read
 * off the interface, so a method added to it crosses without code here.
 */
final class NodeCalls {

    static final ObjectMapper JSON = new ObjectMapper();

    private NodeCalls() {
    }

    /** The method a call names; null when this process does not know it (a newer caller). */
    static Method method(String name, int arity) {
        for (Method m : InteractionNode.class.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                return m;
            }
        }
        return null;
    }

    static String arguments(Method m, Object[] args) {
        ArrayNode a = JSON.createArrayNode();
        if (args != null) {
            for (Object o : args) {
                a.add(JSON.valueToTree(o));
            }
        }
        return a.toString();
    }

    /** Runs the call on the node it names, here. */
    static NodeReply invoke(InteractionNode node, NodeCall call) {
        Method m = method(call.method, call.arity);
        if (m == null) {
            return new NodeReply(NodeReply.FAILED, null, 501, 0, "method " + call.method + "/" + call.arity
                    + " is not known on this member (a different version)", null);
        }
        Object result;
        try {
            JsonNode a = JSON.readTree(call.args);
            Object[] args = new Object[m.getParameterCount()];
            Type[] types = m.getGenericParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = JSON.readerFor(JSON.constructType(types[i])).readValue(a.get(i));
            }
            result = m.invoke(node, args);
        } catch (IOException e) {
            return new NodeReply(NodeReply.FAILED, null, 500, 0, "arguments of " + call.method + " unreadable: "
                    + e.getMessage(), null);
        } catch (IllegalAccessException e) {
            return new NodeReply(NodeReply.FAILED, null, 500, 0, e.getMessage(), null);
        } catch (InvocationTargetException e) {
            return failure(e.getCause());
        }
        Object plain = result instanceof Optional<?> o ? o.orElse(null) : result;
        return NodeReply.ok(m.getReturnType() == void.class ? null : JSON.valueToTree(plain).toString());
    }

    private static NodeReply failure(Throwable t) {
        if (t instanceof InteractionException e) {
            return new NodeReply(NodeReply.REFUSED, null, e.code(), e.status(), e.error(), e.detail());
        }
        if (t instanceof SwitchboardException e) {
            return new NodeReply(NodeReply.FAILED, null, e.code(), 0, e.error(), e.detail());
        }
        if (t instanceof NodeUnavailableException) {
            return NodeReply.unavailable(t.getMessage());
        }
        // anything else the node threw is its own failure, as a local caller would have seen it
        return new NodeReply(NodeReply.FAILED, null, 500, 0, t.getClass().getSimpleName() + ": " + t.getMessage(), null);
    }

    /** The reply as the method's result, or its failure thrown as the node would have thrown it. */
    static Object result(Method m, NodeReply r, String node) {
        switch (r.kind()) {
            case NodeReply.OK:
                break;
            case NodeReply.REFUSED:
                throw new InteractionException(r.code(), r.status(), r.error(), r.detail());
            case NodeReply.FAILED:
                throw new SwitchboardException(r.code(), r.error(), r.detail());
            default:
                throw new NodeUnavailableException("node " + node + ": " + r.error(), null);
        }
        if (m.getReturnType() == void.class) {
            return null;
        }
        try {
            JsonNode value = JSON.readTree(r.json());
            Type type = m.getGenericReturnType();
            if (m.getReturnType() == Optional.class) {
                Type inner = ((ParameterizedType) type).getActualTypeArguments()[0];
                return value == null || value.isNull() ? Optional.empty()
                        : Optional.of(JSON.readerFor(JSON.constructType(inner)).readValue(value));
            }
            return JSON.readerFor(JSON.constructType(type)).readValue(value);
        } catch (IOException e) {
            throw new NodeUnavailableException("node " + node + " answered " + m.getName() + " unreadably: "
                    + e.getMessage(), e);
        }
    }
}
