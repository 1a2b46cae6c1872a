package io.switchboard.bus.internal;

import io.switchboard.api.event.CanonicalEvent;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;

/**
 * The ingest route. Every transport sends its batch to {@code direct:ingest-lines} (raw NDJSON)
 * or {@code direct:ingest-events} (canonical events); both continue on {@code direct:apply}.
 * The exchange body becomes the {@link Batch}, whose result the caller reads.
 */
final class IngestRoutes extends RouteBuilder {

    static final String LINES = "direct:ingest-lines";
    /** Header naming the only source a batch may carry. */
    static final String REQUIRED_SOURCE = "SwitchboardRequiredSource";
    static final String EVENTS = "direct:ingest-events";
    /** Header: true when the caller is answered once its events are durable, before they are applied. */
    static final String DURABLE_ONLY = "SwitchboardDurableOnly";
    static final String APPLY = "direct:apply";

    private final IngestPipeline pipeline;

    IngestRoutes(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure() {
        from(LINES).routeId("ingest-lines")
                .process(x -> x.getMessage().setBody(pipeline.parse(x.getMessage().getBody(List.class),
                        x.getMessage().getHeader(REQUIRED_SOURCE, String.class))))
                .to(APPLY);
        from(EVENTS).routeId("ingest-events")
                .process(x -> x.getMessage().setBody(
                        pipeline.check((List<CanonicalEvent>) x.getMessage().getBody(List.class))))
                .to(APPLY);
        from(APPLY).routeId("apply")
                .process(x -> pipeline.apply(x.getMessage().getBody(Batch.class),
                        !x.getMessage().getHeader(DURABLE_ONLY, false, Boolean.class)));
    }
}
