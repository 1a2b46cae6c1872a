package io.switchboard.rest.internal;

import io.switchboard.api.http.HttpAccess;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access control of the HTTP API, the one implementation of {@link HttpAccess}: writes need HTTP
 * Basic credentials of a user of the JAAS realm with the right role ({@link AccessPolicy}); reads
 * are open unless read roles are configured. Servlets ask it first thing (rather than a
 * whiteboard filter, whose late arrival restarts the servlet context and answers 404 for a moment
 * after the server said it was up); the interactions servlet of the proxy bundle asks it too.
 */
@Component(name = "io.switchboard.rest.security", service = HttpAccess.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AccessControl.Config.class)
public class AccessControl implements HttpAccess {

    @ObjectClassDefinition(name = "Switchboard HTTP access control")
    public @interface Config {
        @AttributeDefinition(description = "JAAS realm that checks users and passwords (Karaf's users.properties by default)")
        String realm() default "karaf";

        @AttributeDefinition(description = "Role that may do every write: configuration, stat types, time profiles, events, interactions, agents")
        String adminRole() default "switchboard-admin";

        @AttributeDefinition(description = "Role that may send events")
        String sourceRole() default "switchboard-source";

        @AttributeDefinition(description = "Role that may handle interactions (pull, accept, place in queue, stop, data, workbins) and make agent requests")
        String agentRole() default "switchboard-agent";

        @AttributeDefinition(description = "Role that may submit interactions")
        String mediaRole() default "switchboard-media";

        @AttributeDefinition(description = "Roles that may read (comma-separated); empty: reads are open")
        String readRoles() default "";

        @AttributeDefinition(description = "Role that may play recordings back (GET /api/v1/recordings/{id}/audio)")
        String recordingRole() default "switchboard-recording";

        @AttributeDefinition(description = "How long a successful login is remembered, in seconds")
        int rememberSeconds() default 60;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);

    private volatile AccessPolicy policy;
    private volatile Authenticator authenticator;
    private volatile String realm;

    public AccessControl() {
    }

    /** For tests: a policy and a realm without OSGi. */
    AccessControl(AccessPolicy policy, Authenticator authenticator, String realm) {
        this.policy = policy;
        this.authenticator = authenticator;
        this.realm = realm;
    }

    @Activate
    @Modified
    void configure(Config config) {
        List<String> reads = Arrays.stream(config.readRoles().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        policy = new AccessPolicy(new AccessPolicy.Roles(config.adminRole(), config.sourceRole(), config.agentRole(),
                config.mediaRole(), config.recordingRole(), reads));
        authenticator = new Authenticator(config.realm(), config.rememberSeconds() * 1000L);
        realm = config.realm();
    }

    @Override
    public Decision decide(String method, String path, String header, String remote) {
        AccessPolicy.Need need = policy.need(method, path);
        if (need.open()) {
            return Decision.ADMITTED;
        }
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Decision(401, need.what() + " needs a user with role " + roles(need)
                    + " (HTTP Basic authentication)", "Authorization");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Decision(401, "the Authorization header is not valid Basic credentials", "Authorization");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Decision(401, "the Authorization header is not valid Basic credentials", "Authorization");
        }
        Authenticator.User user = authenticator.login(decoded.substring(0, colon), decoded.substring(colon + 1));
        if (user == null) {
            LOG.warn("Refused {} {} from {}: bad user or password", method, path, remote);
            return new Decision(401, "user or password refused by realm '" + realm + "'", "Authorization");
        }
        if (user.roles().stream().noneMatch(need.roles()::contains)) {
            return new Decision(403, "user '" + user.name() + "' lacks role " + roles(need) + " for " + need.what(),
                    "role");
        }
        return Decision.ADMITTED;
    }

    /** The roles in a stable order, so that messages (and tests) do not depend on set order. */
    private static String roles(AccessPolicy.Need need) {
        return String.join(" or ", new java.util.TreeSet<>(need.roles()));
    }
}
