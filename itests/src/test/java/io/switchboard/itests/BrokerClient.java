package io.switchboard.itests;

import io.switchboard.jms.BrokerConnections;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * A JMS client of the broker a test installed, through the Artemis client of the
 * switchboard-jms-client feature: queues by name, messages as text. The JMS types stay in this
 * class, which a test loads only once that feature is installed (the probe imports their
 * packages dynamically, and they are not there when the container starts).
 */
final class BrokerClient implements AutoCloseable {

    /** A message received: its text (null for no text message), correlation id and properties. */
    record Received(String text, String correlationId, String source, long seq, String type, String duplicateId) {
    }

    private final JmsPoolConnectionFactory pool;
    private final Connection connection;
    private final Session session;

    BrokerClient(String brokerUrl) throws JMSException {
        pool = BrokerConnections.pool(brokerUrl, "", "");
        connection = pool.createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        connection.start();
    }

    /** Receives from one queue, the messages that match {@code selector} (null: all). */
    final class Receiver implements AutoCloseable {
        private final MessageConsumer consumer;

        private Receiver(String queue, String selector) throws JMSException {
            consumer = session.createConsumer(session.createQueue(queue), selector);
        }

        /** The next message, or null if none came within {@code wait}. */
        Received receive(Duration wait) throws JMSException {
            Message m = consumer.receive(Math.max(1, wait.toMillis()));
            if (m == null) {
                return null;
            }
            return new Received(m instanceof TextMessage t ? t.getText() : null, m.getJMSCorrelationID(),
                    m.getStringProperty("source"), m.propertyExists("seq") ? m.getLongProperty("seq") : -1,
                    m.getStringProperty("type"), m.getStringProperty("_AMQ_DUPL_ID"));
        }

        @Override
        public void close() throws JMSException {
            consumer.close();
        }
    }

    Receiver receiver(String queue, String selector) throws JMSException {
        return new Receiver(queue, selector);
    }

    /** Sends a text message, with a reply-to queue (null: none) and a correlation id (null: none). */
    void sendText(String queue, String text, String replyTo, String correlationId) throws JMSException {
        TextMessage m = session.createTextMessage(text);
        send(queue, m, replyTo, correlationId);
    }

    /** Sends {@code text} as the bytes of a bytes message, which is no document. */
    void sendBytes(String queue, String text, String replyTo, String correlationId) throws JMSException {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        send(queue, m, replyTo, correlationId);
    }

    private void send(String queue, Message m, String replyTo, String correlationId) throws JMSException {
        if (replyTo != null) {
            m.setJMSReplyTo(session.createQueue(replyTo));
        }
        if (correlationId != null) {
            m.setJMSCorrelationID(correlationId);
        }
        try (MessageProducer p = session.createProducer(session.createQueue(queue))) {
            p.send(m);
        }
    }

    @Override
    public void close() throws JMSException {
        try {
            connection.close();
        } finally {
            pool.stop();
        }
    }
}
