package io.switchboard.eventlog.jms.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.bus.json.EventJson;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch of events as persistent JSON text messages in one JMS transaction: the broker syncs
 * its journal once per batch rather than once per message. Each message carries its (source, seq)
 * as the broker's duplicate-detection id, so a batch repeated after a crash or a lost commit answer
 * is not stored twice.
 *
 * <p>Artemis refuses a whole transaction that holds one id it already has (the commit fails with
 * AMQ222059 "Duplicate message detected"). A repeated batch is usually only partly a repeat (the journal grew since), so after
 * such a rollback the batch goes again one message at a time outside a transaction, where the
 * broker drops just the repeated messages and keeps the rest.
 *
 * <p>Camel's sjms producer (4.x) opens a session per message and commits each on its exchange's
 * completion, with no way to share one transaction across a batch, hence the JMS API here.
 */
final class TransactedBatch {

    /** ActiveMQ Artemis' duplicate-detection message property (its {@code Message.HDR_DUPLICATE_DETECTION_ID}). */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    private static final Logger LOG = LoggerFactory.getLogger(TransactedBatch.class);

    private final ConnectionFactory factory;
    private final boolean topic;
    private final String name;

    /** @param destination {@code queue:<name>} or {@code topic:<name>}, as {@link JmsEventLog#destination} makes it */
    TransactedBatch(ConnectionFactory factory, String destination) {
        this.factory = factory;
        int colon = destination.indexOf(':');
        this.topic = destination.substring(0, colon).equals("topic");
        this.name = destination.substring(colon + 1);
    }

    /** Returns once every event of the batch is durable at the broker (or was there already); throws if one is not. */
    void send(List<CanonicalEvent> batch) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            try {
                inOne(connection, batch);
            } catch (JMSException failed) {
                // a repeat, or a commit whose answer was lost; with the broker gone this fails as well
                LOG.debug("A batch of {} events of {} failed in one transaction ({}: {}): again one by one",
                        batch.size(), batch.get(0).source(), failed.getClass().getSimpleName(), failed.getMessage());
                oneByOne(connection, batch);
            }
        }
    }

    private void inOne(Connection connection, List<CanonicalEvent> batch) throws JMSException {
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            try (MessageProducer producer = producer(session)) {
                for (CanonicalEvent e : batch) {
                    producer.send(message(session, e));
                }
            }
            // a failure before this leaves nothing at the broker: the session's close rolls back
            session.commit();
        }
    }

    private void oneByOne(Connection connection, List<CanonicalEvent> batch) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = producer(session)) {
            for (CanonicalEvent e : batch) {
                // a persistent send outside a transaction blocks until the broker has it durably
                producer.send(message(session, e));
            }
        }
    }

    private MessageProducer producer(Session session) throws JMSException {
        Destination d = topic ? session.createTopic(name) : session.createQueue(name);
        MessageProducer producer = session.createProducer(d);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        return producer;
    }

    private static TextMessage message(Session session, CanonicalEvent e) throws JMSException {
        TextMessage m = session.createTextMessage(EventJson.line(e));
        m.setStringProperty("source", e.source());
        m.setLongProperty("seq", e.seq());
        m.setStringProperty("type", e.type().name());
        if (e.tenant() != null) {
            m.setStringProperty("tenant", e.tenant());
        }
        m.setStringProperty(DUPLICATE_ID, e.source() + ":" + e.seq());
        return m;
    }
}
