package io.switchboard.eventlog.jms.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.jms.BrokerConnections;
import java.util.List;
import org.apache.camel.CamelContext;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMS event logger (API.md "Event-logger sinks"): the bus feeds it every accepted event from
 * the journal, and a route in the bus's Camel context sends each as a JSON text message.
 */
@Component(name = "io.switchboard.eventlog.jms", service = EventLogSink.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JmsEventLogSink.Config.class)
public class JmsEventLogSink implements EventLogSink {

    @ObjectClassDefinition(name = "Switchboard JMS event logger")
    public @interface Config {
        @AttributeDefinition(description = "ActiveMQ Artemis broker, core protocol: tcp://host:port (the "
                + "switchboard-broker feature's embedded broker listens on tcp://127.0.0.1:61616)")
        String brokerUrl() default "tcp://127.0.0.1:61616";

        @AttributeDefinition(description = "queue:<name> or topic:<name> (a bare name is a queue)")
        String destination() default "queue:switchboard.events";

        @AttributeDefinition(description = "Broker user; empty for none")
        String user() default "";

        @AttributeDefinition(description = "Broker password", type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(description = "Where the sink starts the first time the bus feeds it: oldest (the "
                + "journal's oldest retained event) or now")
        String startFrom() default "oldest";
    }

    private static final Logger LOG = LoggerFactory.getLogger(JmsEventLogSink.class);

    @Reference(target = "(camel.context.name=switchboard-bus)")
    private CamelContext camel;

    private JmsPoolConnectionFactory pool;
    private JmsEventLog log;
    private StartPosition start;

    @Activate
    void activate(Config config) throws Exception {
        start = StartPosition.of(config.startFrom());
        String destination = BrokerConnections.destination(config.destination());
        pool = BrokerConnections.pool(config.brokerUrl(), config.user(), config.password());
        log = new JmsEventLog(camel, pool, destination, "switchboard-eventlog-jms");
        try {
            log.start();
        } catch (Exception e) {
            deactivate();
            throw e;
        }
        // the broker need not be up yet: a failed send is retried by the bus with backoff
        LOG.info("JMS event logger sends to {} at {}", destination, config.brokerUrl());
    }

    @Override
    public String name() {
        return "jms";
    }

    @Override
    public StartPosition startPosition() {
        return start;
    }

    @Override
    public void write(List<CanonicalEvent> batch) throws Exception {
        log.write(batch);
    }

    @Deactivate
    void deactivate() throws Exception {
        try {
            if (log != null) {
                log.close();
            }
        } finally {
            if (pool != null) {
                pool.stop();
            }
        }
    }
}
