package io.switchboard.bus.internal;

import io.switchboard.api.event.EventIngestService;
import java.util.Dictionary;
import java.util.Hashtable;
import org.apache.camel.CamelContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Offers the bus's Camel context to the adapters, which add their routes to it so the bus is
 * managed as one context. A component of its own: registering the context while the bus is
 * still activating would let an adapter activate and ask for the bus's service in the middle of
 * that activation (a service factory cycle).
 */
@Component(immediate = true, service = {})
public class CamelContextPublisher {

    @Reference(target = "(component.name=io.switchboard.bus)")
    private EventIngestService bus;

    private ServiceRegistration<CamelContext> registration;

    @Activate
    void activate(BundleContext context) {
        CamelContext camel = ((EventBus) bus).camel();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("camel.context.name", camel.getName());
        registration = context.registerService(CamelContext.class, camel, props);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
