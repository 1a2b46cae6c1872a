package io.switchboard.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia's authenticator service: HTTP Basic credentials that the realm accepts, of a user with
 * one of the roles. Loaded only when Jolokia's package is wired (see {@link JolokiaAccess}).
 */
final class JolokiaRoleCheck implements org.jolokia.osgi.security.Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaRoleCheck.class);

    private final Authenticator authenticator;
    private final Set<String> roles;

    JolokiaRoleCheck(Authenticator authenticator, Set<String> roles) {
        this.authenticator = authenticator;
        this.roles = roles;
    }

    @Override
    public boolean authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        Authenticator.User user = authenticator.login(decoded.substring(0, colon), decoded.substring(colon + 1));
        if (user == null || user.roles().stream().noneMatch(roles::contains)) {
            LOG.warn("Refused Jolokia {} from {} for user '{}': {}", request.getRequestURI(), request.getRemoteAddr(),
                    decoded.substring(0, colon), user == null ? "bad user or password" : "lacks role " + roles);
            return false;
        }
        // as the OSGi HTTP service's authentication would, so request.getRemoteUser() names the user
        request.setAttribute("org.osgi.service.http.authentication.remote.user", user.name());
        request.setAttribute("org.osgi.service.http.authentication.type", "BASIC");
        return true;
    }
}
