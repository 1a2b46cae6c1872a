package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.http.HttpAccess;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The decisions of the one access control every /api/v1 servlet asks, over a JAAS realm of our own. */
public class AccessControlTest {

    /** Users named after their one role; the password is the name. */
    public static final class RoleUsers implements LoginModule {
        private static final Map<String, String> ROLES = Map.of("admin", "switchboard-admin", "agent",
                "switchboard-agent", "media", "switchboard-media", "source", "switchboard-source", "nobody", "viewer");
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
            if (!ROLES.containsKey(user) || !user.equals(new String(password.getPassword()))) {
                throw new FailedLoginException("refused");
            }
            subject.getPrincipals().add(new JolokiaRoleCheckTest.RolePrincipal(ROLES.get(user)));
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
                return "roles".equals(name) ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                        RoleUsers.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())}
                        : null;
            }
        });
    }

    @AfterClass
    public static void restore() {
        Configuration.setConfiguration(previous);
    }

    static AccessControl access() {
        return new AccessControl(AccessPolicyTest.policy(List.of()), new Authenticator("roles", 0), "roles");
    }

    private final AccessControl access = access();

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpAccess.Decision as(String user, String method, String path) {
        return access.decide(method, path, user == null ? null : basic(user, user), "127.0.0.1");
    }

    @Test
    public void withoutCredentialsAWriteIsA401NamingTheHeaderAndAReadIsAdmitted() {
        HttpAccess.Decision d = as(null, "POST", "/api/v1/interactions");
        assertEquals(401, d.status());
        assertEquals("Authorization", d.detail());
        assertEquals("submitting interactions needs a user with role switchboard-admin or switchboard-media "
                + "(HTTP Basic authentication)", d.error());
        assertTrue(as(null, "GET", "/api/v1/interactions/i-1").admitted());
        assertTrue(as(null, "POST", "/api/v1/interactions/find").admitted());
    }

    @Test
    public void badCredentialsAreA401() {
        assertEquals(401, access.decide("POST", "/api/v1/agents/t/a/login", basic("agent", "guess"), "x").status());
        assertEquals(401, access.decide("POST", "/api/v1/agents/t/a/login", "Basic !!!", "x").status());
        assertEquals(401, access.decide("POST", "/api/v1/agents/t/a/login",
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)), "x")
                .status());
        assertEquals(401, access.decide("POST", "/api/v1/agents/t/a/login", "Bearer abc", "x").status());
    }

    @Test
    public void eachRoleMayDoItsWritesOnlyAndTheAdministratorAll() {
        String[][] writes = {{"POST", "/api/v1/interactions", "media"}, {"POST", "/api/v1/interactions/i/stop", "agent"},
            {"POST", "/api/v1/interactions/i/accept", "agent"}, {"POST", "/api/v1/interactions/i/place-in-queue", "agent"},
            {"PATCH", "/api/v1/interactions/i/data", "agent"}, {"POST", "/api/v1/interactions/pull", "agent"},
            {"POST", "/api/v1/workbins/t/w/put", "agent"}, {"POST", "/api/v1/agents/t/a/ready", "agent"},
            {"POST", "/api/v1/events", "source"}, {"PUT", "/api/v1/config/t/Agent/a", "admin"}};
        for (String[] w : writes) {
            for (String user : new String[] {"admin", "agent", "media", "source", "nobody"}) {
                HttpAccess.Decision d = as(user, w[0], w[1]);
                boolean may = user.equals(w[2]) || user.equals("admin");
                assertEquals(user + " " + w[0] + " " + w[1] + ": " + d, may, d.admitted());
                if (!may) {
                    assertEquals(403, d.status());
                    assertEquals("role", d.detail());
                }
            }
        }
    }

    @Test
    public void theServletsAskWithTheDecodedPathTheContainerRouted() throws Exception {
        // an encoded "/api/v1/event%73" is routed to the events servlet: its raw URI must not read as another path
        Map<String, String> headers = new HashMap<>();
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> "POST";
                    case "getRequestURI" -> "/api/v1/event%73";
                    case "getContextPath" -> "";
                    case "getServletPath" -> "/api/v1/events";
                    case "getPathInfo" -> null;
                    case "getHeader" -> headers.get((String) a[0]);
                    default -> null;
                });
        int[] status = {0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status[0] = (Integer) a[0];
                        case "setHeader" -> headers.put("answer:" + a[0], (String) a[1]);
                        case "getOutputStream" -> {
                            return new ServletOutputStream() {
                                @Override
                                public void write(int b) {
                                    out.write(b);
                                }

                                @Override
                                public boolean isReady() {
                                    return true;
                                }

                                @Override
                                public void setWriteListener(WriteListener l) {
                                }
                            };
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        assertFalse(ApiServlet.admit(access, req, resp));
        assertEquals(401, status[0]);
        assertEquals(HttpAccess.CHALLENGE, headers.get("answer:WWW-Authenticate"));
        assertTrue(out.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8)
                .startsWith("{\"code\":401,\"error\":\"writing events needs"));
        headers.put("Authorization", basic("source", "source"));
        assertTrue(ApiServlet.admit(access, req, resp));
    }
}
