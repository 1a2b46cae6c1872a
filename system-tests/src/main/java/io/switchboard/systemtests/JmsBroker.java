package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A real ActiveMQ Artemis broker in this JVM (persistent, on a free loopback port) for the JMS
 * event logger of a forked server: external to the server, so it outlives the server's SIGKILLs
 * and keeps what the sink committed.
 */
public final class JmsBroker implements AutoCloseable {

    /** Artemis' duplicate-detection property ({@code Message.HDR_DUPLICATE_DETECTION_ID}), which the sink sets. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    private final int port;
    private final Path dir;
    private EmbeddedActiveMQ broker;

    public JmsBroker(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.port = ForkedServer.freePorts(1)[0];
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public JmsBroker start() throws Exception {
        ForkedServer.deleteTree(dir);
        Configuration c = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                // NIO: the native AIO library need not be there; syncs like the distribution's broker
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setSecurityEnabled(false);
        c.addAcceptorConfiguration("tcp", url());
        broker = new EmbeddedActiveMQ().setConfiguration(c);
        broker.start();
        return this;
    }

    /** Creates a durable anycast queue now, so that nothing sent to it before a consumer comes is dropped. */
    public void createQueue(String name) throws Exception {
        broker.getActiveMQServer().createQueue(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST)
                .setDurable(true).setAutoCreateAddress(true));
    }

    /** Messages on the queue now (delivered or not). */
    public long messageCount(String queue) {
        var q = broker.getActiveMQServer().locateQueue(queue);
        return q == null ? 0 : q.getMessageCount();
    }

    /** One event message as the sink sent it. */
    public record Received(String source, long seq, String duplicateId, JsonNode body) {
    }

    /** Consumes every message of the queue until none comes for {@code quiet} ms. */
    public List<Received> drain(String queue, long quietMillis) throws Exception {
        List<Received> out = new ArrayList<>();
        try (Connection connection = new ActiveMQConnectionFactory(url()).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            connection.start();
            for (Message m; (m = consumer.receive(quietMillis)) != null; ) {
                JsonNode body = Http.JSON.readTree(((TextMessage) m).getText());
                out.add(new Received(m.getStringProperty("source"), m.getLongProperty("seq"),
                        m.getStringProperty(DUPLICATE_ID), body));
            }
        }
        return out;
    }

    public void stop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
