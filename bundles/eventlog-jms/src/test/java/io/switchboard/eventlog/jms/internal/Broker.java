package io.switchboard.eventlog.jms.internal;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/** A real ActiveMQ Artemis broker in the test JVM: persistent, on a loopback TCP port, restartable on its data. */
final class Broker implements AutoCloseable {

    final int port;
    private final Path dir;
    private EmbeddedActiveMQ broker;

    Broker(Path dir) throws Exception {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    Broker start() throws Exception {
        Configuration c = new ConfigurationImpl()
                .setPersistenceEnabled(true)
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

    void stop() throws Exception {
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
