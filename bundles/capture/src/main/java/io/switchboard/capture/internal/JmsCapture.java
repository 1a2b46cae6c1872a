package io.switchboard.capture.internal;

import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.sjms.SjmsComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS capture point's route: Camel's sjms consumer takes each text message of the destination as
 * a document; a message with a JMSReplyTo gets the answer there, {@code {"id", "node"}} or the
 * error JSON of API.md, with the request's correlation. A refused document is answered, never
 * thrown back to the broker, which would only redeliver it.
 */
final class JmsCapture extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(JmsCapture.class);

    private final CapturePoint point;
    private final ConnectionFactory factory;
    private final String destination;
    private final String routeId;

    /**
     * @param destination {@code queue:<name>} or {@code topic:<name>}
     * @param routeId also names the route's own sjms component ({@link #component})
     */
    JmsCapture(CapturePoint point, ConnectionFactory factory, String destination, String routeId) {
        this.point = point;
        this.factory = factory;
        this.destination = destination;
        this.routeId = routeId;
    }

    /** The sjms component of the route (its connection factory is the capture point's broker). */
    static String component(String routeId) {
        return "sjms-" + routeId;
    }

    @Override
    public void configure() {
        SjmsComponent sjms = new SjmsComponent();
        sjms.setConnectionFactory(factory);
        getContext().addComponent(component(routeId), sjms);
        from(component(routeId) + ":" + destination).routeId(routeId).process(this::capture);
    }

    private void capture(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        String answer;
        try {
            if (!(body instanceof String text)) {
                throw InteractionException.badRequest("the message must be a JMS text message holding the document",
                        "message");
            }
            Interaction i = point.submit(text);
            answer = Answers.created(i);
            LOG.info("Capture point {}: message {} became interaction {} on {}", point.name(),
                    exchange.getIn().getMessageId(), i.id(), i.node());
        } catch (RuntimeException e) {
            answer = Answers.error(e);
            LOG.warn("Capture point {}: message {} refused: {}", point.name(), exchange.getIn().getMessageId(),
                    answer);
        }
        exchange.getMessage().setBody(answer);
    }
}
