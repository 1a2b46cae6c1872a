package io.switchboard.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
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
 * Access control of the HTTP API: writes need HTTP Basic credentials of a user of the JAAS realm
 * with the right role; reads are open unless read roles are configured. Our servlets ask it
 * first thing (rather than a whiteboard filter, whose late arrival restarts the servlet
 * context and answers 404 for a moment after the server said it was up).
 */
@Component(name = "io.switchboard.rest.security", service = AccessControl.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AccessControl.Config.class)
public class AccessControl {

    @ObjectClassDefinition(name = "Switchboard HTTP access control")
    public @interface Config {
        @AttributeDefinition(description = "JAAS realm that checks users and passwords (Karaf's users.properties by default)")
        String realm() default "karaf";

        @AttributeDefinition(description = "Role that may change configuration, stat types and time profiles, and send events")
        String adminRole() default "switchboard-admin";

        @AttributeDefinition(description = "Role that may send events")
        String sourceRole() default "switchboard-source";

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

    @Activate
    @Modified
    void configure(Config config) {
        List<String> reads = Arrays.stream(config.readRoles().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        policy = new AccessPolicy(config.adminRole(), config.sourceRole(), reads, config.recordingRole());
        authenticator = new Authenticator(config.realm(), config.rememberSeconds() * 1000L);
        realm = config.realm();
    }

    /** True when the request may go on; else the refusal was written and false returned. */
    public boolean admit(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        AccessPolicy.Need need = policy.need(req.getMethod(), path);
        if (need.open()) {
            return true;
        }
        String header = req.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            deny(resp, 401, need.what() + " needs a user with role " + String.join(" or ", need.roles())
                    + " (HTTP Basic authentication)");
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            deny(resp, 401, "the Authorization header is not valid Basic credentials");
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            deny(resp, 401, "the Authorization header is not valid Basic credentials");
            return false;
        }
        Authenticator.User user = authenticator.login(decoded.substring(0, colon), decoded.substring(colon + 1));
        if (user == null) {
            LOG.warn("Refused {} {} from {}: bad user or password", req.getMethod(), path, req.getRemoteAddr());
            deny(resp, 401, "user or password refused by realm '" + realm + "'");
            return false;
        }
        if (user.roles().stream().noneMatch(need.roles()::contains)) {
            deny(resp, 403, "user '" + user.name() + "' lacks role " + String.join(" or ", need.roles()) + " for "
                    + need.what());
            return false;
        }
        return true;
    }

    private void deny(HttpServletResponse resp, int status, String error) throws IOException {
        if (status == 401) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"switchboard\", charset=\"UTF-8\"");
        }
        Json.write(resp, status, Json.errorBody(status, error, status == 401 ? "Authorization" : "role"));
    }
}
