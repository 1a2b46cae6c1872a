package io.switchboard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Switchboard distribution running as a separate OS process, driven only through its
 * public interfaces (HTTP, TCP, files). Each instance gets its own directory and its own free
 * ports, so instances never meet each other nor a server someone runs on the default ports.
 */
public final class ForkedServer implements AutoCloseable {

    /** The user every HTTP write authenticates as (HTTP writes require the switchboard-admin role). */
    public static final String USER = "tester";
    public static final String PASSWORD = "secret";

    private final Path home;
    private final int httpPort;
    private final int tcpPort;
    private final int gridPort;
    private final int sshPort;
    private final int rmiRegistryPort;
    private final int rmiServerPort;
    private Process process;
    private Http http;

    /** Settings applied to a fresh instance before its first start. */
    public static final class Options {
        boolean eventClock;
        String javaMaxMem = "1024m";
        final Map<String, Map<String, String>> extra = new LinkedHashMap<>();
        final List<String> bootFeatures = new ArrayList<>();

        /** The engine's clock follows the events' timestamps: values become exact and repeatable. */
        public Options eventClock(boolean on) {
            eventClock = on;
            return this;
        }

        public Options javaMaxMem(String mem) {
            javaMaxMem = mem;
            return this;
        }

        /** A feature of the distribution's repository installed at the first boot, beside the defaults. */
        public Options bootFeature(String name) {
            bootFeatures.add(name);
            return this;
        }

        /** Any other property of a Switchboard PID (file etc/PID.cfg). */
        public Options set(String pid, String key, String value) {
            extra.computeIfAbsent(pid, p -> new LinkedHashMap<>()).put(key, value);
            return this;
        }
    }

    private ForkedServer(Path home, int[] ports) {
        this.home = home;
        this.httpPort = ports[0];
        this.tcpPort = ports[1];
        this.gridPort = ports[2];
        this.sshPort = ports[3];
        this.rmiRegistryPort = ports[4];
        this.rmiServerPort = ports[5];
    }

    /** The distribution archive: system property {@code switchboard.distribution}, else the reactor's build. */
    public static Path distributionArchive() {
        String p = System.getProperty("switchboard.distribution");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        Path local = Path.of("target/distribution/switchboard-distribution.tar.gz");
        if (Files.isRegularFile(local)) {
            return local;
        }
        return Path.of("../karaf-distribution/target/switchboard-distribution-" + projectVersion() + ".tar.gz");
    }

    private static String projectVersion() {
        return System.getProperty("project.version", "0.1.0-SNAPSHOT");
    }

    /** Unpacks a fresh instance into {@code dir} (emptied first) and configures it; does not start it. */
    public static ForkedServer create(Path dir, Options options) throws IOException, InterruptedException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path archive = distributionArchive().toAbsolutePath();
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no distribution archive at " + archive
                    + " (build karaf-distribution first or set -Dswitchboard.distribution)");
        }
        run(dir, "tar", "-xzf", archive.toString(), "--strip-components=1");
        ForkedServer s = new ForkedServer(dir.toAbsolutePath(), freePorts(6));
        s.configure(options);
        return s;
    }

    /**
     * Fresh instances under {@code dir}, one per name, that form one cluster through a solution
     * (API.md, "Cluster"): the same {@code etc/switchboard-cluster-<solution>.json} in each, naming
     * every member with its own ports and the sources it owns first, and {@code switchboard.cluster}
     * and {@code switchboard.node} in each one's {@code etc/system.properties}. Not started.
     */
    public static List<ForkedServer> solution(Path dir, String solution, Options options, Map<String, List<String>> sources)
            throws IOException, InterruptedException {
        List<ForkedServer> servers = new ArrayList<>();
        List<String> names = new ArrayList<>(sources.keySet());
        for (String name : names) {
            servers.add(create(dir.resolve(name), options));
        }
        StringBuilder json = new StringBuilder("{\"members\": [\n");
        for (int i = 0; i < servers.size(); i++) {
            ForkedServer f = servers.get(i);
            json.append(String.format(java.util.Locale.ROOT,
                    "  {\"name\": \"%s\", \"host\": \"127.0.0.1\", \"port\": %d, \"http\": %d, \"tcp\": %d, \"sources\": [%s]}%s%n",
                    names.get(i), f.gridPort, f.httpPort, f.tcpPort,
                    sources.get(names.get(i)).stream().map(x -> "\"" + x + "\"").collect(java.util.stream.Collectors.joining(", ")),
                    i + 1 < servers.size() ? "," : ""));
        }
        json.append("]}\n");
        for (int i = 0; i < servers.size(); i++) {
            Path etc = servers.get(i).home.resolve("etc");
            Files.writeString(etc.resolve("switchboard-cluster-" + solution + ".json"), json.toString());
            Files.writeString(etc.resolve("system.properties"), "\nswitchboard.cluster = " + solution
                    + "\nswitchboard.node = " + names.get(i) + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
        return servers;
    }

    public int gridPort() {
        return gridPort;
    }

    /** An instance over a directory that {@link #create} prepared earlier (ports are read back). */
    public static ForkedServer existing(Path dir) throws IOException {
        Path d = dir.toAbsolutePath();
        int[] ports = {
            Integer.parseInt(readProperty(d.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port")),
            Integer.parseInt(readProperty(d.resolve("etc/io.switchboard.adapter.tcp.cfg"), "port")),
            Integer.parseInt(readProperty(d.resolve("etc/io.switchboard.grid.cfg"), "port")),
            Integer.parseInt(readProperty(d.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort")),
            Integer.parseInt(readProperty(d.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort")),
            Integer.parseInt(readProperty(d.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort")) };
        return new ForkedServer(d, ports);
    }

    private void configure(Options o) throws IOException {
        Path etc = home.resolve("etc");
        // Switchboard's cfg files arrive in etc/ only when the first boot installs the features;
        // put them there now (a feature never overwrites an existing configfile) so that they
        // carry this instance's settings from the very first boot.
        Path features = home.resolve("system/io/switchboard/switchboard-features/" + projectVersion());
        String prefix = "switchboard-features-" + projectVersion() + "-";
        Map<String, String> cfgs = Map.of("adapter-tcp", "io.switchboard.adapter.tcp", "bus", "io.switchboard.bus",
                "config", "io.switchboard.config", "database", "io.switchboard.database", "grid",
                "io.switchboard.grid", "simulator", "io.switchboard.simulator", "stats", "io.switchboard.stats");
        for (Map.Entry<String, String> e : cfgs.entrySet()) {
            Path from = features.resolve(prefix + e.getKey() + ".cfg");
            Path to = etc.resolve(e.getValue() + ".cfg");
            if (Files.isRegularFile(from) && !Files.exists(to)) {
                Files.copy(from, to);
            }
        }
        for (String[] json : new String[][] { { "sample-config", "switchboard-config.json" },
            { "stattypes", "switchboard-stattypes.json" }, { "timeprofiles", "switchboard-timeprofiles.json" } }) {
            Path from = features.resolve(prefix + json[0] + ".json");
            Path to = etc.resolve(json[1]);
            if (Files.isRegularFile(from) && !Files.exists(to)) {
                Files.copy(from, to);
            }
        }
        setProperty(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(httpPort));
        setProperty(etc.resolve("org.ops4j.pax.web.cfg"), "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(sshPort));
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort",
                Integer.toString(rmiRegistryPort));
        setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", Integer.toString(rmiServerPort));
        setProperty(etc.resolve("io.switchboard.adapter.tcp.cfg"), "port", Integer.toString(tcpPort));
        setProperty(etc.resolve("io.switchboard.adapter.tcp.cfg"), "host", "127.0.0.1");
        // a cluster of its own: two forked instances (or a developer's server) must never join
        Path grid = etc.resolve("io.switchboard.grid.cfg");
        setProperty(grid, "clusterName", "systest-" + gridPort + "-" + ProcessHandle.current().pid());
        setProperty(grid, "port", Integer.toString(gridPort));
        setProperty(grid, "portCount", "1");
        setProperty(grid, "members", "127.0.0.1:" + gridPort);
        setProperty(etc.resolve("io.switchboard.simulator.cfg"), "enabled", "false");
        if (o.eventClock) {
            setProperty(etc.resolve("io.switchboard.stats.cfg"), "clock", "event");
        }
        if (!o.bootFeatures.isEmpty()) {
            Path boot = etc.resolve("org.apache.karaf.features.cfg");
            String text = Files.readString(boot, StandardCharsets.UTF_8);
            String head = "featuresBoot = \\\n";
            if (!text.contains(head)) {
                throw new IOException("no multi-line featuresBoot in " + boot);
            }
            StringBuilder added = new StringBuilder(head);
            for (String f : o.bootFeatures) {
                added.append("    ").append(f).append(", \\\n");
            }
            Files.writeString(boot, text.replace(head, added.toString()), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, Map<String, String>> pid : o.extra.entrySet()) {
            for (Map.Entry<String, String> kv : pid.getValue().entrySet()) {
                setProperty(etc.resolve(pid.getKey() + ".cfg"), kv.getKey(), kv.getValue());
            }
        }
        Files.writeString(etc.resolve("users.properties"), "\n" + USER + " = " + PASSWORD
                + ",switchboard-admin,switchboard-source,_g_:admingroup\n", java.nio.file.StandardOpenOption.APPEND);
        // Karaf 4.4's scripts no longer read JAVA_MAX_MEM: the heap limit goes in EXTRA_JAVA_OPTS,
        // which they append to the JVM's options (JAVA_OPTS would replace Karaf's defaults).
        Files.writeString(home.resolve("bin/setenv"), "\nEXTRA_JAVA_OPTS=\"${EXTRA_JAVA_OPTS} -Xmx" + o.javaMaxMem
                + "\"\nexport EXTRA_JAVA_OPTS\n", java.nio.file.StandardOpenOption.APPEND);
    }

    // ---- life cycle ----

    /** Starts the server process and waits until its health says UP. */
    public ForkedServer start() throws Exception {
        return start(Duration.ofSeconds(180));
    }

    public ForkedServer start(Duration timeout) throws Exception {
        startProcess();
        awaitHealthy(timeout);
        return this;
    }

    /** Starts the process without waiting (to time the start from outside). */
    public void startProcess() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: " + home);
        }
        // 'daemon' is 'server' (no local console) that execs the JVM instead of looping around it
        // in a shell: the Process we hold is the JVM itself, so a SIGKILL reaches the server.
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "daemon");
        pb.directory(home.toFile());
        pb.environment().put("CHECK_ROOT_INSTANCE_RUNNING", "false");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        process = pb.start();
        // A new process, a new client: a pooled connection to the previous process can leave a
        // request waiting out its whole timeout instead of failing at once.
        synchronized (this) {
            http = null;
        }
    }

    /** Waits until {@code GET /api/v1/health} answers UP; fails early if the process died. */
    public void awaitHealthy(Duration timeout) throws Exception {
        try {
            pollHealthy(timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last health check: " + lastHealth + "; log tail:\n"
                    + logTail(30), e);
        }
    }

    private void pollHealthy(Duration timeout) throws Exception {
        Poll.until("health UP at " + home, timeout, Duration.ofMillis(200), () -> {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException("the server process ended (exit "
                        + (process == null ? "?" : process.exitValue()) + "); see " + home.resolve("data/log/karaf.log"));
            }
            return isUp();
        });
    }

    /** What the last health check saw (an answer or an error), for failure messages. */
    private volatile String lastHealth = "(not asked yet)";

    public boolean isUp() {
        try {
            Http.Response r = http().get("/api/v1/health", Duration.ofSeconds(5));
            lastHealth = "HTTP " + r.status() + " " + r.body();
            return r.status() == 200 && r.body().startsWith("{\"status\":\"UP\"");
        } catch (IOException e) {
            lastHealth = e.toString();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGKILL: the JVM and anything it started die at once, nothing is flushed or saved. Returns
     * when the process is gone (its files are then what a crash leaves).
     */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        for (ProcessHandle c : children) {
            c.destroyForcibly();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server process " + process.pid() + " did not die");
        }
        for (ProcessHandle c : children) {
            c.onExit().join();
        }
        process = null;
    }

    /** Clean shutdown (SIGTERM runs Karaf's shutdown hook: bundles stop, the pool is saved). */
    public void stop() throws InterruptedException {
        stop(Duration.ofSeconds(120));
    }

    public void stop(Duration timeout) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException("server did not stop within " + timeout + "; killed");
        }
        process = null;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- access ----

    public Path home() {
        return home;
    }

    public Path data() {
        return home.resolve("data");
    }

    public Path journalDirectory() {
        return data().resolve("journal");
    }

    public Path backupFile() {
        return data().resolve("stat-pool.bin");
    }

    public int httpPort() {
        return httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public synchronized Http http() {
        if (http == null) {
            http = new Http("http://127.0.0.1:" + httpPort, USER, PASSWORD);
        }
        return http;
    }

    public TcpEventClient tcpClient(String source, EventStream stream) {
        return new TcpEventClient("127.0.0.1", tcpPort, source, stream);
    }

    /** The answer to a bare hello for {@code source} on the TCP port (the connection is closed right after). */
    public com.fasterxml.jackson.databind.JsonNode hello(String source) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", tcpPort)) {
            s.setSoTimeout(30_000);
            java.io.OutputStream out = s.getOutputStream();
            out.write(("{\"hello\":\"" + source + "\"}\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            return Http.JSON.readTree(in.readLine());
        }
    }

    /** The last lines of the server's log, for failure messages. */
    public String logTail(int lines) {
        Path log = data().resolve("log/karaf.log");
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    // ---- helpers ----

    /** Sets {@code key = value} in a properties-style cfg file, replacing an existing assignment. */
    public static void setProperty(Path file, String key, String value) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!assigns(line, key)) {
                    out.add(line);
                }
            }
        }
        out.add(key + " = " + value);
        Files.write(file, out, StandardCharsets.UTF_8);
    }

    static String readProperty(Path file, String key) throws IOException {
        String found = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (assigns(line, key)) {
                found = line.substring(line.indexOf(line.contains("=") ? '=' : ':') + 1).trim();
            }
        }
        if (found == null) {
            throw new IOException(key + " not set in " + file);
        }
        return found;
    }

    private static boolean assigns(String line, String key) {
        String t = line.trim();
        if (!t.startsWith(key)) {
            return false;
        }
        String rest = t.substring(key.length()).trim();
        return rest.startsWith("=") || rest.startsWith(":");
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Ports that are free now and stay free: taken below the kernel's ephemeral range (Linux:
     * 32768-60999), where no outgoing connection of a server already running can land on them
     * before their own server binds them, and never handed out twice by this JVM.
     */
    public static int[] freePorts(int n) throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        int[] ports = new int[n];
        for (int i = 0, tries = 0; i < n; tries++) {
            if (tries > 10_000) {
                throw new IOException("no free port below the ephemeral range");
            }
            int port = random.nextInt(20_000, 32_000);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            } catch (IOException inUse) {
                continue;
            }
            if (HANDED_OUT.add(port)) {
                ports[i++] = port;
            }
        }
        return ports;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Copies a file into this instance (e.g. a backup written by another instance). */
    public void copyIn(Path from, Path relativeTo) throws IOException {
        Path to = home.resolve(relativeTo);
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String toString() {
        return "ForkedServer[" + home + ", http " + httpPort + ", tcp " + tcpPort + "]";
    }
}
