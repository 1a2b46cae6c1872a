package io.switchboard.ixn.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.util.concurrent.Callable;

/**
 * One method of {@code InteractionNode} called on the process that serves the node, through the
 * grid's executor. Its arguments travel as JSON (its codec writes them), and the member that runs
 * it finds the node among those it serves ({@link NodeDirectory#CONTEXT} in the member's user context).
 */
final class NodeCall implements Callable<NodeReply>, HazelcastInstanceAware {

    final String node;
    final String method;
    final int arity;
    final String args;
    private transient HazelcastInstance hazelcast;

    NodeCall(String node, String method, int arity, String args) {
        this.node = node;
        this.method = method;
        this.arity = arity;
        this.args = args;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public NodeReply call() {
        Object directory = hazelcast == null ? null : hazelcast.getUserContext().get(NodeDirectory.CONTEXT);
        if (!(directory instanceof NodeDirectory d)) {
            return NodeReply.unavailable("no Interaction Server nodes are served on this member");
        }
        return d.serve(this);
    }
}
