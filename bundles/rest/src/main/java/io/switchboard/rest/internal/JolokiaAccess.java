package io.switchboard.rest.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits Jolokia ({@code /jolokia}) to users of the JAAS realm with an administrator's role.
 * Jolokia's own {@code jaas} mode lets any user of the realm in; with
 * {@code org.jolokia.authMode=service-any} (the distribution's {@code etc/org.jolokia.osgi.cfg})
 * it asks the authenticator services it finds, and this registers one. Jolokia is optional for
 * this bundle: without it nothing is registered.
 */
@Component(name = "io.switchboard.rest.jolokia", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = JolokiaAccess.Config.class)
public class JolokiaAccess {

    @ObjectClassDefinition(name = "Switchboard Jolokia access")
    public @interface Config {
        @AttributeDefinition(description = "JAAS realm that checks Jolokia users and passwords")
        String realm() default "karaf";

        @AttributeDefinition(description = "Roles that may use Jolokia (comma-separated)")
        String roles() default "admin";

        @AttributeDefinition(description = "How long a successful login is remembered, in seconds")
        int rememberSeconds() default 60;
    }

    static final String JOLOKIA_AUTHENTICATOR = "org.jolokia.osgi.security.Authenticator";

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaAccess.class);

    private ServiceRegistration<?> registration;

    @Activate
    void activate(BundleContext context, Config config) {
        try {
            JolokiaAccess.class.getClassLoader().loadClass(JOLOKIA_AUTHENTICATOR);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            LOG.debug("Jolokia is not installed: no Jolokia access check to register");
            return;
        }
        Set<String> roles = Arrays.stream(config.roles().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        Authenticator authenticator = new Authenticator(config.realm(), config.rememberSeconds() * 1000L);
        registration = context.registerService(JOLOKIA_AUTHENTICATOR, new JolokiaRoleCheck(authenticator, roles),
                null);
        LOG.info("Jolokia limited to users of realm '{}' with role {}", config.realm(), String.join(" or ", roles));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
