package io.switchboard.capture.internal;

import io.switchboard.api.capture.CaptureTasks;
import io.switchboard.api.interaction.InteractionService;
import io.switchboard.jms.BrokerConnections;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * One capture point per configuration of the factory PID {@code io.switchboard.capture}
 * ({@code etc/io.switchboard.capture-<x>.cfg}): a file or JMS route in the bus's Camel context, or
 * a {@link CaptureTasks} service that the HTTP API serves under {@code /api/v1/capture/<path>/tasks}.
 */
@Component(name = "io.switchboard.capture", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = CaptureComponent.Config.class, factory = true)
public class CaptureComponent {

    @ObjectClassDefinition(name = "Switchboard capture point")
    public @interface Config {
        @AttributeDefinition(description = "The capture point's name: its route's, its log lines', and the mark on "
                + "the interactions it creates (data.capturePoint)")
        String name();

        @AttributeDefinition(description = "file, jms or rest")
        String type();

        @AttributeDefinition(description = "Tenant of the interactions it creates")
        String tenant();

        @AttributeDefinition(description = "Media type of the interactions it creates")
        String media() default "workitem";

        @AttributeDefinition(description = "Queue of a document that names none; empty: a document must name one")
        String queue() default "";

        @AttributeDefinition(description = "file: the directory of in/, processed/ and error/ (relative to karaf.data)")
        String directory() default "";

        @AttributeDefinition(description = "jms: the Artemis broker, tcp://host:port")
        String brokerUrl() default "tcp://127.0.0.1:61616";

        @AttributeDefinition(description = "jms: queue:<name> or topic:<name> (a bare name is a queue)")
        String destination() default "";

        @AttributeDefinition(description = "jms: broker user; empty for none")
        String user() default "";

        @AttributeDefinition(description = "jms: broker password", type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(description = "rest: the segment of /api/v1/capture/<path>/tasks; empty: the name")
        String path() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(CaptureComponent.class);
    private static final String NAME = "[A-Za-z0-9._-]{1,64}";

    @Reference
    private InteractionService proxy;

    @Reference(target = "(camel.context.name=switchboard-bus)")
    private CamelContext camel;

    private String routeId;
    private String componentName;
    private JmsPoolConnectionFactory pool;
    private ServiceRegistration<CaptureTasks> registration;

    @Activate
    void activate(Config config, BundleContext context) throws Exception {
        String name = required("name", config.name());
        if (!name.matches(NAME)) {
            throw new IllegalArgumentException("name: letters, digits and . _ - (1 to 64), not " + name);
        }
        CapturePoint point = new CapturePoint(new CapturePoint.Settings(name, required("tenant", config.tenant()),
                required("media", config.media()), config.queue().trim()), proxy);
        String type = required("type", config.type()).toLowerCase(Locale.ROOT);
        routeId = "capture-" + name;
        try {
            switch (type) {
                case "file":
                    Path dir = Paths.get(System.getProperty("karaf.data", "data"))
                            .resolve(required("directory", config.directory()));
                    camel.addRoutes(new FileCapture(point, dir, routeId));
                    LOG.info("Capture point {} reads documents from {}", name, dir.resolve("in"));
                    break;
                case "jms":
                    String destination = BrokerConnections.destination(config.destination());
                    pool = BrokerConnections.pool(config.brokerUrl(), config.user(), config.password());
                    componentName = JmsCapture.component(routeId);
                    camel.addRoutes(new JmsCapture(point, pool, destination, routeId));
                    LOG.info("Capture point {} reads documents from {} at {}", name, destination, config.brokerUrl());
                    break;
                case "rest":
                    String path = config.path().isBlank() ? name : config.path().trim();
                    if (!path.matches(NAME)) {
                        throw new IllegalArgumentException("path: letters, digits and . _ - (1 to 64), not " + path);
                    }
                    Hashtable<String, Object> props = new Hashtable<>();
                    props.put(CaptureTasks.PATH, path);
                    registration = context.registerService(CaptureTasks.class, point, props);
                    routeId = null;
                    LOG.info("Capture point {} takes documents at /api/v1/capture/{}/tasks", name, path);
                    break;
                default:
                    throw new IllegalArgumentException("type: file, jms or rest, not " + config.type());
            }
        } catch (Exception e) {
            deactivate();
            throw e;
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required");
        }
        return value.trim();
    }

    @Deactivate
    void deactivate() throws Exception {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (routeId != null && camel.getRoute(routeId) != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
        if (componentName != null) {
            camel.removeComponent(componentName);
        }
        if (pool != null) {
            pool.stop();
        }
    }
}
