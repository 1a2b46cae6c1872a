package io.switchboard.eventlog.jms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A consumer of the sink's destination counting what arrives per (source, seq), from the JSON body
 * and checking the message's properties say the same.
 */
final class Drain implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    final AtomicInteger messages = new AtomicInteger();
    final AtomicInteger wrong = new AtomicInteger();
    private final Connection connection;

    Drain(String url, String destination) throws Exception {
        connection = new ActiveMQConnectionFactory(url).createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        String name = destination.substring(destination.indexOf(':') + 1);
        MessageConsumer consumer = session.createConsumer(destination.startsWith("topic:")
                ? session.createTopic(name) : session.createQueue(name));
        consumer.setMessageListener(this::onMessage);
        connection.start();
    }

    private void onMessage(Message m) {
        try {
            JsonNode e = JSON.readTree(((TextMessage) m).getText());
            String source = e.get("source").asText();
            long seq = e.get("seq").asLong();
            if (!source.equals(m.getStringProperty("source")) || seq != m.getLongProperty("seq")
                    || !e.get("type").asText().equals(m.getStringProperty("type"))) {
                wrong.incrementAndGet();
            }
            seen.computeIfAbsent(source + "/" + seq, k -> new AtomicInteger()).incrementAndGet();
            messages.incrementAndGet();
        } catch (Exception ex) {
            wrong.incrementAndGet();
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
