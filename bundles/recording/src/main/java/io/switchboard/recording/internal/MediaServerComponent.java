package io.switchboard.recording.internal;

import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import javax.management.NotCompliantMBeanException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
    private ServiceRegistration<MediaServerMBean> mbean;

    @Activate
    void activate(BundleContext context, Config config, Map<String, Object> props)
            throws NotCompliantMBeanException {
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
        Dictionary<String, Object> jmx = new Hashtable<>();
        jmx.put("jmx.objectname", MediaServerManagement.objectName(name));
        mbean = context.registerService(MediaServerMBean.class, new MediaServerManagement(server), jmx);
    }

    MediaServer server() {
        return server;
    }

    @Deactivate
    void deactivate() {
        try {
            mbean.unregister();
        } catch (IllegalStateException gone) {
            // unregistered with the bundle
        }
        server.shutdown();
    }
}
