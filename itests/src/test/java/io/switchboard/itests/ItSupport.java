package io.switchboard.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;

/**
 * What every container test needs: options for a container of its own, HTTP, shell, polling.
 * Free of Jackson on purpose: a plain Karaf has none until our features bring it.
 */
public abstract class ItSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    protected BundleContext bundleContext;

    /** The port numbers of one suite's container; each suite uses its own set. */
    protected record Ports(int http, int ssh, int rmiRegistry, int rmiServer, int grid) {
        /** Shifts every port by {@code it.portOffset} so that two checkouts can run their suites at once. */
        protected Ports {
            int offset = Integer.getInteger(PORT_OFFSET, 0);
            http += offset;
            ssh += offset;
            rmiRegistry += offset;
            rmiServer += offset;
            grid += offset;
        }
    }

    /** Seen on both sides: set by failsafe in the test JVM, handed to the container by {@link #containerOptions}. */
    static final String PORT_OFFSET = "it.portOffset";

    protected static String version() {
        return System.getProperty("project.version");
    }

    protected abstract int httpPort();

    /** Options shared by every container: unique ports, local repository, quiet console. */
    protected static List<Option> containerOptions(MavenArtifactUrlReference framework, String name, Ports p) {
        List<Option> options = new ArrayList<>();
        options.add(systemProperty(PORT_OFFSET).value(Integer.toString(Integer.getInteger(PORT_OFFSET, 0))));
        String localRepo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        options.addAll(Arrays.asList(
                karafDistributionConfiguration().frameworkUrl(framework).name(name)
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                // the container's data/log stays under target/exam for a post-mortem
                keepRuntimeFolder(),
                logLevel(LogLevelOption.LogLevel.INFO),
                // the tests run inside the container and need the version there too
                editConfigurationFilePut("etc/system.properties", "project.version", version()),
                // a busy machine may start the probe before the invoker; wait for it longer than 10 s:
                // the test's call waits for the probe's service, and the probe's extender (a
                // property of its own, read as a Long) for the junit invoker; with only the first,
                // the extender gave up after 10 s and the class hung until the call timed out
                editConfigurationFilePut("etc/system.properties", "pax.exam.service.timeout", "180000"),
                editConfigurationFilePut("etc/system.properties",
                        "org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT", "180000"),
                // the real logs of ../shared/data, for tests that read files
                editConfigurationFilePut("etc/system.properties", "switchboard.shared",
                        java.nio.file.Paths.get("..", "..", "shared").toAbsolutePath().normalize().toString()),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        localRepo),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                        "file:" + localRepo + "@id=local@snapshots"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                        Integer.toString(p.http())),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses",
                        "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(p.ssh())),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        Integer.toString(p.rmiRegistry())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        Integer.toString(p.rmiServer())),
                // A cluster of its own, so parallel suites or a running server never join it.
                editConfigurationFilePut("etc/io.switchboard.grid.cfg", "clusterName", "it-" + name + "-" + p.grid()),
                editConfigurationFilePut("etc/io.switchboard.grid.cfg", "port", Integer.toString(p.grid())),
                editConfigurationFilePut("etc/io.switchboard.grid.cfg", "portCount", "1"),
                editConfigurationFilePut("etc/io.switchboard.grid.cfg", "members", "127.0.0.1:" + p.grid()),
                // HTTP writes need users with roles; the distribution has none
                editConfigurationFilePut("etc/users.properties", ADMIN, ADMIN_PASSWORD + ",switchboard-admin"),
                editConfigurationFilePut("etc/users.properties", "feeder", "feed,switchboard-source"),
                editConfigurationFilePut("etc/users.properties", AGENT, AGENT_PASSWORD + ",switchboard-agent"),
                editConfigurationFilePut("etc/users.properties", MEDIA, MEDIA_PASSWORD + ",switchboard-media"),
                editConfigurationFilePut("etc/users.properties", "nobody", "nobody")));
        return options;
    }

    protected static MavenArtifactUrlReference switchboardDistribution() {
        return maven().groupId("io.switchboard").artifactId("switchboard-distribution").version(version())
                .type("tar.gz");
    }

    protected static MavenArtifactUrlReference plainKaraf() {
        return maven().groupId("org.apache.karaf").artifactId("apache-karaf")
                .version(System.getProperty("karaf.version")).type("tar.gz");
    }

    // ---- HTTP ----

    /** The user the tests write as (an administrator of Switchboard). */
    protected static final String ADMIN = "tester";
    protected static final String ADMIN_PASSWORD = "secret";
    /** A user with role switchboard-agent only (interaction handling, agent requests). */
    protected static final String AGENT = "desk";
    protected static final String AGENT_PASSWORD = "desk-pw";
    /** A user with role switchboard-media only (submits). */
    protected static final String MEDIA = "gateway";
    protected static final String MEDIA_PASSWORD = "gateway-pw";

    protected HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    protected HttpResponse<String> post(String path, String body) throws Exception {
        return postAs(ADMIN, ADMIN_PASSWORD, path, body);
    }

    /** A POST with the given credentials; a null user sends none. */
    protected HttpResponse<String> postAs(String user, String password, String path, String body) throws Exception {
        return send(as(user, password, HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body,
                StandardCharsets.UTF_8))));
    }

    /** A POST as {@code curl -d} sends it: declared form-encoded, whatever the body is. */
    protected HttpResponse<String> postLikeCurl(String path, String body) throws Exception {
        return send(as(ADMIN, ADMIN_PASSWORD, HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))));
    }

    protected HttpResponse<String> put(String path, String body) throws Exception {
        return putAs(ADMIN, ADMIN_PASSWORD, path, body);
    }

    protected HttpResponse<String> putAs(String user, String password, String path, String body) throws Exception {
        return send(as(user, password, HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body,
                StandardCharsets.UTF_8))));
    }

    protected HttpResponse<String> send(String method, String path) throws Exception {
        return send(as(ADMIN, ADMIN_PASSWORD,
                HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody())));
    }

    private static HttpRequest.Builder as(String user, String password, HttpRequest.Builder b) {
        if (user == null) {
            return b;
        }
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return b.header("Authorization", "Basic " + basic);
    }

    /** A request with a body, as the administrator (a write needs a role). */
    protected HttpResponse<String> send(String method, String path, String body) throws Exception {
        return sendAs(ADMIN, ADMIN_PASSWORD, method, path, body);
    }

    /** A request with a body and the given credentials; a null user sends none. */
    protected HttpResponse<String> sendAs(String user, String password, String method, String path, String body)
            throws Exception {
        return send(as(user, password, HttpRequest.newBuilder(uri(path)).method(method,
                HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- shell ----

    /** Runs a shell command as an administrator (commands like feature:install are role-checked). */
    protected String executeCommand(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("itest"));
        admin.getPrincipals().add(new RolePrincipal("admin"));
        admin.getPrincipals().add(new RolePrincipal("manager"));
        admin.getPrincipals().add(new RolePrincipal("viewer"));
        Session session = sessionFactory().create(System.in, out, out);
        try {
            Object result = Subject.doAs(admin, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                out.println(result);
            }
        } catch (PrivilegedActionException e) {
            throw e.getException();
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The current shell: looked up each time, because installing features may refresh the shell
     * bundles and replace the service.
     */
    protected SessionFactory sessionFactory() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<SessionFactory> ref = bundleContext.getServiceReference(SessionFactory.class);
            SessionFactory factory = ref == null ? null : bundleContext.getService(ref);
            if (factory != null) {
                return factory;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no Karaf shell SessionFactory service within 60 s");
    }

    // ---- polling ----

    /** Polls until the condition holds or the timeout passes; then fails with the message and last error. */
    protected static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        long pause = 50;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 500);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what
                + (last == null ? "" : " (last error: " + last + ")"));
    }

    /** Waits until {@code actual} gives {@code expected}; a timeout says what it last gave. */
    protected static void awaitEquals(String what, Duration timeout, Object expected, Callable<Object> actual)
            throws Exception {
        Object[] last = new Object[1];
        try {
            await(what, timeout, () -> expected.equals(last[0] = actual.call()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": expected " + expected + ", last seen " + last[0], e);
        }
    }

    /** Checks {@code condition} over {@code period}, polling: it must hold every time. */
    protected static void holds(String what, Duration period, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + period.toNanos();
        do {
            if (!Boolean.TRUE.equals(condition.call())) {
                throw new AssertionError("no longer true: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        } while (System.nanoTime() < deadline);
    }

    /** Health is UP. */
    protected void awaitUp(Duration timeout) throws Exception {
        await("GET /api/v1/health to say UP", timeout, () -> {
            HttpResponse<String> r = get("/api/v1/health");
            return r.statusCode() == 200 && r.body().startsWith("{\"status\":\"UP\"");
        });
    }
}
