package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import javax.servlet.http.HttpServletRequest;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class JolokiaRoleCheckTest {

    /** Named like Karaf's, which is how the authenticator tells roles from other principals. */
    public record RolePrincipal(String getName) implements Principal {
    }

    /** A realm of two users: boss (password boss, role admin) and viewer (password viewer, role viewer). */
    public static final class TwoUsers implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;

        @Override
        public void initialize(Subject s, CallbackHandler h, Map<String, ?> shared, Map<String, ?> options) {
            subject = s;
            handler = h;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
            String user = name.getName();
            String pw = new String(password.getPassword());
            if (!Set.of("boss", "viewer").contains(user) || !user.equals(pw)) {
                throw new FailedLoginException("refused");
            }
            subject.getPrincipals().add(new RolePrincipal(user.equals("boss") ? "admin" : "viewer"));
            return true;
        }

        @Override
        public boolean commit() {
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }

    private static Configuration previous;

    @BeforeClass
    public static void realm() {
        previous = Configuration.getConfiguration();
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return "test".equals(name) ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                        TwoUsers.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())}
                        : null;
            }
        });
    }

    @AfterClass
    public static void restore() {
        Configuration.setConfiguration(previous);
    }

    private final JolokiaRoleCheck check = new JolokiaRoleCheck(new Authenticator("test", 0), Set.of("admin"));

    private static HttpServletRequest request(String authorization, Map<String, Object> attributes) {
        return (HttpServletRequest) Proxy.newProxyInstance(JolokiaRoleCheckTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getHeader" -> "Authorization".equalsIgnoreCase((String) a[0]) ? authorization : null;
                    case "getRequestURI" -> "/jolokia/version";
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "setAttribute" -> {
                        attributes.put((String) a[0], a[1]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void anAdministratorIsLetInAndNamedAsTheRemoteUser() {
        Map<String, Object> attributes = new HashMap<>();
        assertTrue(check.authenticate(request(basic("boss", "boss"), attributes)));
        assertEquals("boss", attributes.get("org.osgi.service.http.authentication.remote.user"));
        assertEquals("BASIC", attributes.get("org.osgi.service.http.authentication.type"));
    }

    @Test
    public void aUserOfTheRealmWithoutTheRoleIsRefused() {
        assertFalse(check.authenticate(request(basic("viewer", "viewer"), new HashMap<>())));
    }

    @Test
    public void wrongPasswordsMissingOrMalformedCredentialsAreRefused() {
        assertFalse(check.authenticate(request(basic("boss", "guess"), new HashMap<>())));
        assertFalse(check.authenticate(request(null, new HashMap<>())));
        assertFalse(check.authenticate(request("Bearer abc", new HashMap<>())));
        assertFalse(check.authenticate(request("Basic !!!not-base64", new HashMap<>())));
        assertFalse(check.authenticate(request("Basic " + Base64.getEncoder().encodeToString(
                "no-colon".getBytes(StandardCharsets.UTF_8)), new HashMap<>())));
    }
}
