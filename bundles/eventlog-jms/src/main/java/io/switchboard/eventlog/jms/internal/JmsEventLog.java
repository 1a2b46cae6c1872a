package io.switchboard.eventlog.jms.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.jms.BrokerConnections;
import jakarta.jms.ConnectionFactory;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * The JMS event logger's Camel route: a batch of one source's events comes in on {@code direct:} and
 * goes to the destination as one persistent JSON text message per event, all in one JMS transaction
 * ({@link TransactedBatch}). The bus records the batch as written only once this returns, that is
 * once the transaction has committed; each message's (source, seq) is the broker's
 * duplicate-detection id, so a batch the bus repeats after a crash or a failed send (delivery is at
 * least once) reaches the destination once.
 */
final class JmsEventLog implements AutoCloseable {

    private final CamelContext camel;
    private final String id;
    private final String destination;
    private final TransactedBatch sender;
    private ProducerTemplate template;

    /**
     * @param id names the {@code direct:} endpoint and the route in the context, so that several
     *        sinks (or a test's) can share one context
     * @param destination {@code queue:<name>}, {@code topic:<name>}, or a bare name for a queue
     */
    JmsEventLog(CamelContext camel, ConnectionFactory factory, String destination, String id) {
        this.camel = camel;
        this.id = id;
        this.destination = BrokerConnections.destination(destination);
        this.sender = new TransactedBatch(factory, this.destination);
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
                        .process(JmsEventLog.this::send);
            }
        });
        template = camel.createProducerTemplate();
    }

    @SuppressWarnings("unchecked")
    private void send(Exchange exchange) throws Exception {
        sender.send(exchange.getIn().getBody(List.class));
    }

    /** Returns once every event of the batch is durable at the broker; throws if one is not. */
    void write(List<CanonicalEvent> batch) throws Exception {
        Exchange done = template.send(entry(), ExchangePattern.InOnly, x -> x.getIn().setBody(batch));
        if (done.getException() != null) {
            throw done.getException();
        }
    }

    String destination() {
        return destination;
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
    }
}
