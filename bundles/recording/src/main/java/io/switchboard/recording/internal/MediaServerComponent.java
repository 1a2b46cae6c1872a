package io.switchboard.recording.internal;

import java.time.Clock;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One media server per factory configuration {@code io.switchboard.recording.mediaserver-<name>.cfg}. */
@Component(name = "io.switchboard.recording.mediaserver", service = MediaServerComponent.class,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MediaServerComponent.Config.class, factory = true)
public class MediaServerComponent {

    @ObjectClassDefinition(name = "Switchboard recording media server")
    public @interface Config {
        @AttributeDefinition(description = "Name (empty: the part of the PID after the dash)")
        String name() default "";

        @AttributeDefinition(description = "Pool a tenant's recording profile may ask for (empty: none)")
        String pool() default "";

        @AttributeDefinition(description = "Most recordings at once")
        int capacity() default 100;

        @AttributeDefinition(description = "How much audio goes into one sealed chunk, in ms: at most this much is lost when the server dies")
        int chunkMillis() default 200;
    }

    private MediaServer server;

    @Activate
    void activate(Config config, Map<String, Object> props) {
        String name = config.name();
        if (name.isBlank()) {
            String pid = String.valueOf(props.getOrDefault("felix.fileinstall.filename",
                    props.get("service.pid")));
            name = pid.replaceAll(".*io\\.switchboard\\.recording\\.mediaserver-?", "").replace(".cfg", "");
            if (name.isBlank()) {
                name = String.valueOf(props.get("service.pid"));
            }
        }
        if (config.capacity() < 1) {
            throw new IllegalArgumentException("capacity: must be at least 1");
        }
        server = new MediaServer(name, config.pool(), config.capacity(), config.chunkMillis(), Clock.systemUTC());
        server.start();
    }

    MediaServer server() {
        return server;
    }

    @Deactivate
    void deactivate() {
        server.shutdown();
    }
}
