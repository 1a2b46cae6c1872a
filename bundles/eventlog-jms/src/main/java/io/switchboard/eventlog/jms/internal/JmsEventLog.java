package io.switchboard.eventlog.jms.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.bus.json.EventJson;
import jakarta.jms.ConnectionFactory;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.sjms.SjmsComponent;

/**
 * The JMS event logger's Camel route: a batch of one source's events comes in on {@code direct:}, is
 * split into one persistent JSON text message per event and sent by Camel's sjms component to the
 * destination. Each message carries its (source, seq) as JMS properties and as the broker's
 * duplicate-detection id, so a batch the bus repeats after a crash or a failed send (delivery is at
 * least once) reaches the destination once: the broker drops the ids it has already taken.
 */
final class JmsEventLog implements AutoCloseable {

    /** ActiveMQ Artemis' duplicate-detection message property (its {@code Message.HDR_DUPLICATE_DETECTION_ID}). */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    private final CamelContext camel;
    private final String id;
    private final String destinationUri;
    private ProducerTemplate template;

    /**
     * @param id names the component, the {@code direct:} endpoint and the route in the context, so
     *        that several sinks (or a test's) can share one context
     * @param destination {@code queue:<name>}, {@code topic:<name>}, or a bare name for a queue
     */
    JmsEventLog(CamelContext camel, ConnectionFactory factory, String destination, String id) {
        this.camel = camel;
        this.id = id;
        this.destinationUri = component() + ":" + destination(destination);
        SjmsComponent sjms = new SjmsComponent();
        sjms.setConnectionFactory(factory);
        camel.addComponent(component(), sjms);
    }

    /** queue:x or topic:x as Camel's sjms wants it; a bare name is a queue; nothing else passes. */
    static String destination(String text) {
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

    private String component() {
        return "sjms-" + id;
    }

    private String entry() {
        return "direct:" + id;
    }

    void start() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the dispatcher retries with backoff and logs one line a failure; Camel's default
                // handler would log each failed send's whole stack at ERROR besides
                errorHandler(noErrorHandler());
                from(entry()).routeId(id)
                        .setExchangePattern(ExchangePattern.InOnly)
                        // one message after the other: the bus's batch is durable once the last is
                        .split(body()).stopOnException()
                            .process(JmsEventLog::toMessage)
                            .to(destinationUri)
                        .end();
            }
        });
        template = camel.createProducerTemplate();
    }

    private static void toMessage(Exchange exchange) {
        CanonicalEvent e = exchange.getIn().getBody(CanonicalEvent.class);
        org.apache.camel.Message m = exchange.getIn();
        m.setHeader("source", e.source());
        m.setHeader("seq", e.seq());
        m.setHeader("type", e.type().name());
        if (e.tenant() != null) {
            m.setHeader("tenant", e.tenant());
        }
        m.setHeader(DUPLICATE_ID, e.source() + ":" + e.seq());
        m.setBody(EventJson.line(e));
    }

    /** Returns once every event of the batch is durable at the broker; throws if one is not. */
    void write(List<CanonicalEvent> batch) throws Exception {
        Exchange done = template.send(entry(), ExchangePattern.InOnly, x -> x.getIn().setBody(batch));
        if (done.getException() != null) {
            throw done.getException();
        }
    }

    String destinationUri() {
        return destinationUri;
    }

    @Override
    public void close() throws Exception {
        if (template != null) {
            template.stop();
        }
        if (camel.getRoute(id) != null) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
        camel.removeEndpoints(entry());
        camel.removeEndpoints(destinationUri);
        camel.removeComponent(component());
    }
}
