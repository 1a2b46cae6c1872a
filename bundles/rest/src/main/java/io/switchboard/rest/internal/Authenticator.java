package io.switchboard.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Checks HTTP Basic credentials against a JAAS realm (Karaf's {@code karaf} realm by default,
 * so users and roles are those of {@code etc/users.properties} or whatever login modules the
 * realm has) and gives the roles of the user. A success is remembered for a short while, so a
 * source posting many batches does not log in for each.
 */
public final class Authenticator {

    /** Who logged in and with which roles. */
    public record User(String name, Set<String> roles) {
    }

    private record Remembered(User user, long until) {
    }

    private final String realm;
    private final long rememberMillis;
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    public Authenticator(String realm, long rememberMillis) {
        this.realm = realm;
        this.rememberMillis = rememberMillis;
    }

    /** The user, or null when the realm refuses the credentials. */
    public User login(String name, String password) {
        String key = digest(name, password);
        long now = System.currentTimeMillis();
        Remembered r = recent.get(key);
        if (r != null && r.until() > now) {
            return r.user();
        }
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Karaf's login modules come through its boot class path's proxy module, not through us.
        thread.setContextClassLoader(Authenticator.class.getClassLoader());
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> {
                for (javax.security.auth.callback.Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(name);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            });
            context.login();
        } catch (LoginException e) {
            recent.remove(key);
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
        Set<String> roles = new HashSet<>();
        for (Principal p : subject.getPrincipals()) {
            // Karaf's RolePrincipal; matched by name so that no Karaf package is imported
            if (p.getClass().getSimpleName().equals("RolePrincipal")) {
                roles.add(p.getName());
            }
        }
        User user = new User(name, Set.copyOf(roles));
        if (recent.size() > 1000) {
            recent.clear();
        }
        recent.put(key, new Remembered(user, now + rememberMillis));
        return user;
    }

    private static String digest(String name, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(password.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
