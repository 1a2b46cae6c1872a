package io.switchboard.jms;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/** A broker's connection settings as every JMS bundle of ours takes them: brokerUrl, user, password. */
public final class BrokerConnections {

    private BrokerConnections() {
    }

    /**
     * One connection to the Artemis broker at {@code brokerUrl} (core protocol, tcp://host:port),
     * reused for every send and receive with its sessions pooled, and replaced when it fails;
     * {@link JmsPoolConnectionFactory#stop()} closes it. An empty {@code user} connects without one.
     */
    public static JmsPoolConnectionFactory pool(String brokerUrl, String user, String password) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(brokerUrl);
        if (user != null && !user.isEmpty()) {
            artemis.setUser(user);
            artemis.setPassword(password);
        }
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(1);
        return pool;
    }

    /**
     * A destination setting as {@code queue:<name>} or {@code topic:<name>} (the form Camel's sjms
     * takes too): a bare name is a queue, the kind in any case; anything else is refused naming
     * the {@code destination} field.
     */
    public static String destination(String text) {
        String t = text == null ? "" : text.trim();
        String kind = "queue";
        String name = t;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            kind = t.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            name = t.substring(colon + 1);
            if (!kind.equals("queue") && !kind.equals("topic")) {
                throw new IllegalArgumentException("destination: queue:<name> or topic:<name>, not " + text);
            }
        }
        if (!name.matches("[A-Za-z0-9._\\-/]+")) {
            throw new IllegalArgumentException("destination: a name of letters, digits and . _ - /, not " + text);
        }
        return kind + ":" + name;
    }
}
