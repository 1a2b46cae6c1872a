package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The load harness of issue #4 (not a test): drives a running server over its public API and
 * reports what it sustains. Modes (see system-tests/README.md):
 * <ul>
 * <li>{@code throughput}: several TCP sources as fast as acks allow; durable (acknowledged)
 * events/s over a window after a warm-up.</li>
 * <li>{@code latency}: a fixed rate (20 k events/s by default); for every event, the time from its
 * <em>scheduled</em> send time to the first SSE notification whose value includes it (so a
 * stalled sender does not hide its own delay), and to the ack that made it durable.</li>
 * <li>{@code latency --mix} / {@code --stats N}: the same, with the {@link StatMix} statistics of
 * issue #11 opened beside the counters (every category and profile on agents, groups, queues and
 * the tenant); their notifications are timed from the last event that touched their object.</li>
 * <li>{@code restart}: journals N events into a forked instance, then times stop/start and
 * SIGKILL/start until health is UP and until the values are back.</li>
 * <li>{@code backup-size}: opens N statistics in a forked instance and reports the pool's
 * backup file size.</li>
 * </ul>
 * {@code throughput} and {@code latency} use {@code --host/--tcp/--http}, or {@code --fork DIR} to
 * start a fresh instance of the distribution first.
 */
public final class LoadHarness {

    private final Map<String, String> args;
    private String host;
    private int tcpPort;
    /** With --cluster N: every member's TCP port, for --spread. */
    private List<Integer> clusterTcpPorts = List.of();
    private Http http;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private LoadHarness(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: LoadHarness throughput|latency|restart|backup-size [--option value]...");
            System.exit(2);
        }
        // the broker of --feature switchboard-eventlog-jms logs its start-up at info otherwise
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // its notes on queues without dead-letter address and on the server's connection at its stop
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.activemq.artemis", "error");
        }
        Map<String, String> a = new HashMap<>();
        // "--name value", or a bare "--flag" (followed by another option or nothing) meaning true
        for (int i = 1; i < argv.length; i++) {
            String name = argv[i].replaceFirst("^--", "");
            if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                a.put(name, argv[++i]);
            } else {
                a.put(name, "true");
            }
        }
        LoadHarness h = new LoadHarness(a);
        switch (argv[0]) {
            case "throughput" -> h.withServer(h::throughput);
            case "latency" -> h.withServer(h::latency);
            case "restart" -> h.restart();
            case "backup-size" -> h.backupSize();
            default -> {
                System.err.println("unknown mode " + argv[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    /** An Artemis broker in this JVM for a forked server's JMS event logger ({@code --feature switchboard-eventlog-jms}). */
    private JmsBroker broker;

    /**
     * {@code --cfg pid/key=value,pid/key=value}: settings of the forked instance; {@code --feature
     * a,b}: features installed at its first boot besides the defaults (an event logger, say). With
     * {@code switchboard-eventlog-jms} and no brokerUrl of its own in {@code --cfg}, a broker is
     * started in this JVM for it (its CPU then counts as the harness's).
     */
    private ForkedServer.Options withCfg(ForkedServer.Options o) throws Exception {
        String features = args.get("feature");
        if (features != null) {
            for (String f : features.split(",")) {
                o.bootFeature(f.trim());
            }
            String cfgArg = args.getOrDefault("cfg", "");
            if (features.contains("switchboard-eventlog-jms") && !cfgArg.contains("io.switchboard.eventlog.jms/brokerUrl")) {
                Path fork = Path.of(arg("fork", arg("dir", "target/harness/restart"))).toAbsolutePath();
                broker = new JmsBroker(fork.resolveSibling(fork.getFileName() + "-broker")).start();
                o.set("io.switchboard.eventlog.jms", "brokerUrl", broker.url());
                System.out.println("broker for the JMS event logger at " + broker.url());
            }
        }
        String cfg = args.get("cfg");
        if (cfg != null) {
            for (String kv : cfg.split(",")) {
                String[] pidRest = kv.split("/", 2);
                String[] keyValue = pidRest[1].split("=", 2);
                o.set(pidRest[0], keyValue[0], keyValue[1]);
            }
        }
        return o;
    }

    private String arg(String name, String dflt) {
        return args.getOrDefault(name, dflt);
    }

    private int intArg(String name, int dflt) {
        return Integer.parseInt(arg(name, Integer.toString(dflt)));
    }

    private interface Body {
        void run(ForkedServer forked) throws Exception;
    }

    private void withServer(Body body) throws Exception {
        String fork = args.get("fork");
        int clusterOf = intArg("cluster", 1);
        if (fork != null && clusterOf > 1) {
            // --cluster N: N forked processes of one solution; the load goes to the first
            Map<String, List<String>> members = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= clusterOf; i++) {
                members.put("n" + i, List.of());
            }
            List<ForkedServer> nodes = ForkedServer.solution(Path.of(fork), "harness",
                    withCfg(new ForkedServer.Options().javaMaxMem(arg("xmx", "1g"))), members);
            try {
                long t0 = System.nanoTime();
                for (ForkedServer n : nodes) {
                    n.startProcess();
                }
                for (ForkedServer n : nodes) {
                    n.awaitHealthy(java.time.Duration.ofMinutes(4));
                }
                System.out.printf("forked a cluster of %d, UP in %.1f s%n", clusterOf, (System.nanoTime() - t0) / 1e9);
                // load only once the members formed one cluster and their partitions have backups: a
                // load during the first migrations measures the migrations
                long t1 = System.nanoTime();
                Poll.until("every member up and safe", java.time.Duration.ofMinutes(3), java.time.Duration.ofMillis(200), () -> {
                    for (ForkedServer n : nodes) {
                        com.fasterxml.jackson.databind.JsonNode c = n.http().get("/api/v1/cluster").json();
                        int up = 0;
                        for (com.fasterxml.jackson.databind.JsonNode m : c.get("members")) {
                            up += m.get("up").asBoolean() ? 1 : 0;
                        }
                        if (up != nodes.size() || !c.path("safe").asBoolean()) {
                            return false;
                        }
                    }
                    return true;
                });
                System.out.printf("every member up and safe %.1f s later%n", (System.nanoTime() - t1) / 1e9);
                ForkedServer s = nodes.get(0);
                host = "127.0.0.1";
                tcpPort = s.tcpPort();
                clusterTcpPorts = nodes.stream().map(ForkedServer::tcpPort).toList();
                http = s.http();
                body.run(s);
            } finally {
                nodes.forEach(ForkedServer::close);
            }
        } else if (fork != null) {
            try (ForkedServer s = ForkedServer.create(Path.of(fork), withCfg(new ForkedServer.Options()
                    .javaMaxMem(arg("xmx", "2g"))))) {
                long t0 = System.nanoTime();
                s.start();
                System.out.printf("forked %s, UP in %.1f s (pid %d)%n", s, (System.nanoTime() - t0) / 1e9, s.pid());
                host = "127.0.0.1";
                tcpPort = s.tcpPort();
                http = s.http();
                body.run(s);
            } finally {
                if (broker != null) {
                    broker.close();
                }
            }
        } else {
            host = arg("host", "127.0.0.1");
            tcpPort = intArg("tcp", 7021);
            http = new Http("http://" + host + ":" + intArg("http", 8181), arg("user", ForkedServer.USER),
                    arg("password", ForkedServer.PASSWORD));
            body.run(null);
        }
    }

    // ---- tenant ----

    private static final String TENANT = "load";

    private static List<String> queues(int n) {
        List<String> q = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            q.add(String.format("q%02d", i));
        }
        return q;
    }

    private static List<EventGenerator.Agent> agentsOf(int source, int perSource) {
        return EventGenerator.agents("s" + source + "-agent", 1, perSource, 100_000 * (source + 1));
    }

    /** Configures the load tenant's objects (the bus accepts unconfigured ones too, unless strict). */
    private void importTenant(int sources, int perSource, int queueCount) throws Exception {
        ObjectNode doc = Http.JSON.createObjectNode();
        ArrayNode objects = doc.putArray("objects");
        objects.addObject().put("tenant", TENANT).put("type", "Tenant").put("id", TENANT).put("strict", false);
        for (String q : queues(queueCount)) {
            objects.addObject().put("tenant", TENANT).put("type", "Queue").put("id", q);
        }
        for (int s = 0; s < sources; s++) {
            for (EventGenerator.Agent a : agentsOf(s, perSource)) {
                objects.addObject().put("tenant", TENANT).put("type", "Agent").put("id", a.id());
                objects.addObject().put("tenant", TENANT).put("type", "DN").put("id", a.dn());
                objects.addObject().put("tenant", TENANT).put("type", "Place").put("id", a.place());
            }
        }
        Http.Response r = http.post("/api/v1/config/import", doc.toString());
        if (r.status() != 200) {
            System.out.println("config import answered " + r.status() + " " + r.body() + " (going on unconfigured)");
        }
    }

    /** Agent group of the agent at index {@code i} of a source's list: ten agents each. */
    private static String agentGroup(int source, int i) {
        return String.format("s%d-grp-%02d", source, i / 10);
    }

    /** Queue group of the queue at index {@code i}: five queues each. */
    private static String queueGroup(int i) {
        return String.format("qg%02d", i / 5 + 1);
    }

    /** The groups the mix needs, and the named profiles it uses if the server lacks them. */
    private void importMixConfiguration(int sources, int perSource, int queueCount) throws Exception {
        ObjectNode doc = Http.JSON.createObjectNode();
        ArrayNode objects = doc.putArray("objects");
        Map<String, ArrayNode> members = new LinkedHashMap<>();
        for (int s = 0; s < sources; s++) {
            List<EventGenerator.Agent> agents = agentsOf(s, perSource);
            for (int i = 0; i < agents.size(); i++) {
                String g = agentGroup(s, i);
                members.computeIfAbsent("AgentGroup/" + g, k -> objects.addObject().put("tenant", TENANT)
                        .put("type", "AgentGroup").put("id", g).putArray("members")).add(agents.get(i).id());
            }
        }
        List<String> q = queues(queueCount);
        for (int i = 0; i < q.size(); i++) {
            String g = queueGroup(i);
            members.computeIfAbsent("QueueGroup/" + g, k -> objects.addObject().put("tenant", TENANT)
                    .put("type", "QueueGroup").put("id", g).putArray("members")).add(q.get(i));
        }
        http.post("/api/v1/config/import", doc.toString()).expect(200);
        String profiles = http.get("/api/v1/timeprofiles").expect(200).body();
        for (Map.Entry<String, String> p : StatMix.PROFILES.entrySet()) {
            if (!profiles.contains("\"" + p.getKey() + "\"")) {
                System.out.println("mix: defining time profile " + p.getKey() + " = " + p.getValue());
                http.put("/api/v1/timeprofiles/" + p.getKey(), p.getValue()).expect(200);
            }
        }
    }

    /** Objects an event changes, directly or as a member: agent, its group, queue, its group, tenant. */
    private static List<String> touched(EventGenerator.Event e, Map<String, String> groupOfAgent,
            Map<String, String> groupOfQueue) {
        List<String> keys = new ArrayList<>(5);
        if (e.agent() != null) {
            keys.add("Agent/" + e.agent());
            String g = groupOfAgent.get(e.agent());
            if (g != null) {
                keys.add("AgentGroup/" + g);
            }
        }
        if (e.queue() != null) {
            keys.add("Queue/" + e.queue());
            String g = groupOfQueue.get(e.queue());
            if (g != null) {
                keys.add("QueueGroup/" + g);
            }
        }
        keys.add("Tenant/" + TENANT);
        return keys;
    }

    /** A statistic of the mix: its object's key and whether its notifications count for latency. */
    private record MixStat(String objectKey, boolean aggregate, boolean attributable) {
    }

    private Map<String, MixStat> openMix(int count, int connections, int perSource, int queueCount, long serverPid)
            throws Exception {
        List<String> agents = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int s = 0; s < connections; s++) {
            List<EventGenerator.Agent> list = agentsOf(s, perSource);
            for (int i = 0; i < list.size(); i++) {
                agents.add(list.get(i).id());
                String g = agentGroup(s, i);
                if (!groups.contains(g)) {
                    groups.add(g);
                }
            }
        }
        List<String> queueGroups = new ArrayList<>();
        for (int i = 0; i < queueCount; i++) {
            if (!queueGroups.contains(queueGroup(i))) {
                queueGroups.add(queueGroup(i));
            }
        }
        StatMix mix = new StatMix(TENANT, agents, groups, queues(queueCount), queueGroups);
        int n = count > 0 ? count : mix.roundSize();
        int threads = intArg("threads", 8);
        // --batch K: K statistics per request (an array body), 1 = one request each as before
        int batch = Math.max(1, intArg("batch", 1));
        Map<String, MixStat> out = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong opened = new AtomicLong();
        // CPU seconds beside wall seconds: on a shared machine the wall time of opening says little
        CpuSampler cpu = new CpuSampler(serverPid);
        cpu.start();
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            done.add(pool.submit(() -> {
                List<StatMix.Request> pending = new ArrayList<>(batch);
                for (int i = me; i < n; i += threads) {
                    pending.add(mix.request(i));
                    if (pending.size() == batch || i + threads >= n) {
                        List<String> refs = openBatch(pending, batch > 1);
                        for (int k = 0; k < refs.size(); k++) {
                            StatMix.Request r = pending.get(k);
                            out.put(refs.get(k), new MixStat(r.target().key(), r.target().aggregate(), r.attributable()));
                        }
                        long before = opened.getAndAdd(refs.size());
                        if ((before + refs.size()) / 50_000 > before / 50_000) {
                            System.out.printf(Locale.ROOT, "mix: %,d opened after %.1f s%n", before + refs.size(),
                                    (System.nanoTime() - t0) / 1e9);
                        }
                        pending.clear();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT mix open: %,d statistics (%d distinct per round: %,d rounds) opened in "
                + "%.1f s (%.0f/s) over %d threads, %d per request; %d distinct refs%s%n", n, mix.roundSize(),
                (n + mix.roundSize() - 1) / mix.roundSize(), seconds, n / seconds, threads, batch, out.size(),
                cpu.stop(seconds));
        return out;
    }

    /** Opens the requests, one POST each or all in one array body; their refs in order. */
    private List<String> openBatch(List<StatMix.Request> requests, boolean asArray) throws Exception {
        List<String> refs = new ArrayList<>(requests.size());
        if (!asArray) {
            for (StatMix.Request r : requests) {
                refs.add(http.post("/api/v1/stats", r.body()).expect(201).json().get("ref").asText());
            }
            return refs;
        }
        StringBuilder body = new StringBuilder(requests.size() * 300).append('[');
        for (int k = 0; k < requests.size(); k++) {
            body.append(k == 0 ? "" : ",").append(requests.get(k).body());
        }
        JsonNode answer = http.post("/api/v1/stats", body.append(']').toString()).expect(200).json();
        for (int k = 0; k < requests.size(); k++) {
            JsonNode one = answer.get(k);
            if (one == null || !one.has("ref")) {
                throw new AssertionError("statistic " + k + " of a batch not opened: " + one);
            }
            refs.add(one.get("ref").asText());
        }
        return refs;
    }

    /** The forked server's heap after a full GC (jcmd), and its resident size. */
    private static final String[] NOTIFIER_COUNTERS = { "switchboard_notifier_passes",
        "switchboard_notifier_evaluations", "switchboard_notifier_evaluate_seconds",
        "switchboard_notifier_deliver_seconds" };

    /** The notifier's counters from {@code GET /metrics}, in {@link #NOTIFIER_COUNTERS} order; null if unreadable. */
    private static double[] notifierCounters(Http http) {
        try {
            String text = http.get("/metrics").expect(200).body();
            double[] out = new double[NOTIFIER_COUNTERS.length];
            for (String line : text.split("\n")) {
                for (int i = 0; i < out.length; i++) {
                    String name = NOTIFIER_COUNTERS[i];
                    if (line.startsWith(name + " ") || line.startsWith(name + "_total ")) {
                        out[i] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What the server's notifier did in the measured window: the figures a pass's length comes from. */
    private static void printNotifier(double[] before, double[] after, double seconds) {
        if (before == null || after == null) {
            System.out.println("notifier: counters not readable from /metrics");
            return;
        }
        double passes = after[0] - before[0];
        double evaluations = after[1] - before[1];
        System.out.printf(Locale.ROOT, "RESULT notifier: %.1f passes/s, %.0f evaluations/s, %.0f evaluations a pass, "
                + "%.0f ms evaluating and %.0f ms delivering a pass%n", passes / seconds, evaluations / seconds,
                passes == 0 ? 0 : evaluations / passes, passes == 0 ? 0 : (after[2] - before[2]) * 1000 / passes,
                passes == 0 ? 0 : (after[3] - before[3]) * 1000 / passes);
    }

    private static void printServerMemory(ForkedServer forked) {
        if (forked == null) {
            return;
        }
        try {
            String pid = Long.toString(forked.pid());
            new ProcessBuilder("jcmd", pid, "GC.run").redirectErrorStream(true).start().waitFor();
            Process p = new ProcessBuilder("jcmd", pid, "GC.heap_info").redirectErrorStream(true).start();
            String info = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            String rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS ?");
            System.out.println("RESULT server memory after a full GC: " + rss.replaceAll("\\s+", " ") + "; "
                    + info.lines().filter(l -> l.contains("used")).map(String::trim).reduce((x, y) -> x + " | " + y)
                            .orElse(info.trim()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.out.println("server memory: " + e);
        }
    }

    // ---- throughput ----

    private void throughput(ForkedServer forked) throws Exception {
        int connections = intArg("connections", 4);
        int perSource = intArg("agents-per-source", 100);
        int queueCount = intArg("queues", 20);
        int warmup = intArg("warmup", 10);
        int duration = intArg("duration", 30);
        importTenant(connections, perSource, queueCount);
        List<TcpEventClient> clients = new ArrayList<>();
        for (int s = 0; s < connections; s++) {
            long[] lastTs = { 0 };
            EventGenerator g = new EventGenerator(TENANT, "load-" + run + "-" + s, agentsOf(s, perSource),
                    queues(queueCount), 1000 + s, EventGenerator.Mix.FULL,
                    seq -> lastTs[0] = Math.max(lastTs[0], System.currentTimeMillis()));
            // --spread: connection s to member s mod N, which takes its source (as sources spread over a
            // cluster's nodes); else every connection to the first member
            int port = args.containsKey("spread") && !clusterTcpPorts.isEmpty()
                    ? clusterTcpPorts.get(s % clusterTcpPorts.size()) : tcpPort;
            clients.add(new TcpEventClient(host, port, "load-" + run + "-" + s, g).reconnectFor(Duration.ofSeconds(5)));
        }
        CpuSampler cpu = new CpuSampler(forked == null ? -1 : forked.pid());
        long t0 = System.nanoTime();
        for (TcpEventClient c : clients) {
            c.start(0);
        }
        System.out.printf("throughput: %d connection(s) as fast as acks allow; warm-up %d s, window %d s%n",
                connections, warmup, duration);
        long windowStartAcked = 0;
        long windowStart = 0;
        List<Long> perSecond = new ArrayList<>();
        long previous = 0;
        for (int sec = 1; sec <= warmup + duration; sec++) {
            long due = t0 + sec * 1_000_000_000L;
            sleepUntil(due);
            long acked = clients.stream().mapToLong(TcpEventClient::acked).sum();
            perSecond.add(acked - previous);
            previous = acked;
            if (sec == warmup) {
                windowStartAcked = acked;
                windowStart = System.nanoTime();
                cpu.start();
            }
        }
        long acked = clients.stream().mapToLong(TcpEventClient::acked).sum();
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        String cpuText = cpu.stop(seconds);
        long sent = clients.stream().mapToLong(TcpEventClient::sent).sum();
        for (TcpEventClient c : clients) {
            c.close();
        }
        if (forked != null) {
            sinkLag(forked, acked);
        }
        System.out.println("acknowledged per second: " + perSecond);
        System.out.printf(Locale.ROOT, "RESULT throughput: %.0f durable events/s over %.1f s (%d connections; %d sent, "
                + "%d acknowledged in all)%s%n", (acked - windowStartAcked) / seconds, seconds, connections, sent, acked,
                cpuText);
        for (TcpEventClient c : clients) {
            if (!c.nacks().isEmpty() || !c.errors().isEmpty()) {
                System.out.println(c.source() + " nacks " + c.nacks().size() + " " + head(c.nacks()) + " errors "
                        + c.errors());
            }
        }
    }

    /**
     * For each event-logger sink of the forked server: how far behind the acknowledged events it
     * was when the load stopped (its position file, data/journal-sink-positions/NAME.position,
     * holds the last seq written per source), and how long it then took to catch up. A sink costs
     * the ingest rate nothing if it lags; this says whether it keeps up.
     */
    private static void sinkLag(ForkedServer forked, long acked) throws Exception {
        Path dir = forked.data().resolve("journal-sink-positions");
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> positions;
        try (var list = Files.list(dir)) {
            positions = list.filter(p -> p.getFileName().toString().endsWith(".position")).sorted().toList();
        }
        long stopped = System.nanoTime();
        for (Path p : positions) {
            String name = p.getFileName().toString().replaceFirst("\\.position$", "");
            long atStop = written(p);
            long now = atStop;
            while (now < acked && System.nanoTime() - stopped < 120_000_000_000L) {
                Thread.sleep(200);
                now = written(p);
            }
            // the sink writes from the journal, which may hold events whose ack had not arrived yet
            if (atStop >= acked) {
                System.out.printf(Locale.ROOT, "sink %s: all %d acknowledged events written when the load stopped "
                        + "(%d written)%n", name, acked, atStop);
                continue;
            }
            System.out.printf(Locale.ROOT, "sink %s: %d of %d acknowledged events written when the load stopped "
                    + "(%d behind); %s%n", name, atStop, acked, acked - atStop, now >= acked
                    ? String.format(Locale.ROOT, "all written %.1f s after the stop", (System.nanoTime() - stopped) / 1e9)
                    : "still " + (acked - now) + " behind 120 s after the stop");
        }
    }

    /** The events a sink has written: the sum of its position file's "seq N source" lines (seqs start at 1). */
    private static long written(Path position) {
        try {
            long sum = 0;
            for (String line : Files.readAllLines(position)) {
                if (line.startsWith("seq ")) {
                    sum += Long.parseLong(line.split(" ")[1]);
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            // being replaced (written beside and moved): read again next time
            return 0;
        }
    }

    private static List<String> head(List<String> l) {
        return l.size() <= 3 ? l : l.subList(0, 3);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, wait / 1_000_000), 0);
        }
    }

    // ---- latency ----

    /** What one statistic counts, the value it had before, and the events waiting to be seen in it. */
    private static final class Track {
        final EventGenerator.Counter counter;
        long baseline = -1;
        long generated;
        final ArrayDeque<long[]> waiting = new ArrayDeque<>();

        Track(EventGenerator.Counter counter) {
            this.counter = counter;
        }
    }

    private void latency(ForkedServer forked) throws Exception {
        double rate = Double.parseDouble(arg("rate", "20000"));
        int connections = intArg("connections", 4);
        int perSource = intArg("agents-per-source", 50);
        int queueCount = intArg("queues", 20);
        int warmup = intArg("warmup", 10);
        int duration = intArg("duration", 60);
        importTenant(connections, perSource, queueCount);
        // --mix / --stats N (issue #11): the mixed statistics on top of the counters below
        boolean mixed = args.containsKey("mix") || args.containsKey("stats");
        if (mixed) {
            importMixConfiguration(connections, perSource, queueCount);
        }
        int setup = 2 * perSource;
        long perConnection = (long) (rate / connections * (warmup + duration));

        // 1. logins and readiness, unmeasured
        List<String> sources = new ArrayList<>();
        for (int s = 0; s < connections; s++) {
            sources.add("lat-" + run + "-" + s);
        }
        long setupTs = System.currentTimeMillis();
        for (int s = 0; s < connections; s++) {
            EventGenerator g = generator(s, sources.get(s), perSource, queueCount, seq -> setupTs);
            try (TcpEventClient c = new TcpEventClient(host, tcpPort, sources.get(s), g)) {
                c.start(setup);
                c.awaitAllAcked(Duration.ofMinutes(1));
            }
        }

        // 2. one statistic per counter that the stream raises, followed over SSE
        Map<EventGenerator.Counter, Track> tracks = new LinkedHashMap<>();
        for (String q : queues(queueCount)) {
            for (String action : List.of("CallEntered", "CallDistributed", "CallAbandoned")) {
                EventGenerator.Counter c = new EventGenerator.Counter("Queue", q, action);
                tracks.put(c, new Track(c));
            }
        }
        for (int s = 0; s < connections; s++) {
            for (EventGenerator.Agent a : agentsOf(s, perSource)) {
                for (String action : List.of("CallRinging", "CallInbound", "WaitForNextCall")) {
                    EventGenerator.Counter c = new EventGenerator.Counter("Agent", a.id(), action);
                    tracks.put(c, new Track(c));
                }
            }
        }
        Map<String, Track> byRef = new ConcurrentHashMap<>();
        long openStart = System.nanoTime();
        for (Track t : tracks.values()) {
            ObjectNode body = Http.JSON.createObjectNode();
            ObjectNode type = body.putObject("statType");
            type.put("category", "TotalNumber");
            type.putArray("mask").add(t.counter.action());
            body.putObject("object").put("tenant", TENANT).put("type", t.counter.type()).put("id", t.counter.id());
            body.put("timeProfile", "Always");
            body.putObject("notification").put("mode", "changes");
            String ref = http.post("/api/v1/stats", body.toString()).expect(201).json().get("ref").asText();
            byRef.put(ref, t);
        }
        System.out.printf("latency: opened %d statistics in %.1f s%n", byRef.size(), (System.nanoTime() - openStart) / 1e9);
        Map<String, MixStat> mixByRef = mixed ? openMix(intArg("stats", 0), connections, perSource, queueCount,
                forked == null ? -1 : forked.pid())
                : Map.of();
        if (mixed && Boolean.parseBoolean(arg("open-only", "false"))) {
            printServerMemory(forked);
            return;
        }
        Map<String, String> groupOfAgent = new HashMap<>();
        for (int s = 0; s < connections; s++) {
            List<EventGenerator.Agent> list = agentsOf(s, perSource);
            for (int i = 0; i < list.size(); i++) {
                groupOfAgent.put(list.get(i).id(), agentGroup(s, i));
            }
        }
        Map<String, String> groupOfQueue = new HashMap<>();
        List<String> queueIds = queues(queueCount);
        for (int i = 0; i < queueIds.size(); i++) {
            groupOfQueue.put(queueIds.get(i), queueGroup(i));
        }
        // scheduled send time of the last event that touched each object (directly or as a member)
        Map<String, AtomicLong> lastTouch = new ConcurrentHashMap<>();
        java.util.Set<String> mixSeen = ConcurrentHashMap.newKeySet();
        Histogram mixObjects = new Histogram(3_600_000_000L, 3);
        Histogram mixAggregates = new Histogram(3_600_000_000L, 3);
        AtomicLong mixNotified = new AtomicLong();
        AtomicLong mixUnattributed = new AtomicLong();

        Histogram notified = new Histogram(3_600_000_000L, 3);
        Histogram durable = new Histogram(3_600_000_000L, 3);
        AtomicLong matched = new AtomicLong();
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        SseSubscriber.Listener listener = (ref, value, now) -> {
            Track t = byRef.get(ref);
            if (t == null) {
                MixStat m = mixByRef.get(ref);
                if (m == null || mixSeen.add(ref)) {
                    return; // the first notification of a stream is the current value
                }
                if (now < measureFrom.get()) {
                    return;
                }
                mixNotified.incrementAndGet();
                AtomicLong touch = lastTouch.get(m.objectKey());
                if (!m.attributable() || touch == null || touch.get() < measureFrom.get()) {
                    mixUnattributed.incrementAndGet();
                    return;
                }
                Histogram h = m.aggregate() ? mixAggregates : mixObjects;
                synchronized (h) {
                    h.recordValue(Math.max(0, (now - touch.get()) / 1000));
                }
                return;
            }
            if (value == null || !value.isNumber()) {
                return;
            }
            long v = value.asLong();
            synchronized (t) {
                if (t.baseline < 0) {
                    t.baseline = v;
                    return;
                }
                while (!t.waiting.isEmpty() && t.baseline + t.waiting.peekFirst()[0] <= v) {
                    long scheduled = t.waiting.pollFirst()[1];
                    if (scheduled >= measureFrom.get()) {
                        synchronized (notified) {
                            notified.recordValue(Math.max(0, (now - scheduled) / 1000));
                        }
                    }
                    matched.incrementAndGet();
                }
            }
        };
        List<SseSubscriber> streams = new ArrayList<>();
        long subscribeStart = System.nanoTime();
        List<String> refs = new ArrayList<>(byRef.keySet());
        refs.addAll(mixByRef.keySet());
        // a ref is 25 characters of the URL: 250 keep a stream's request line under 8 KB
        int perStream = intArg("refs-per-stream", mixed ? 250 : 100);
        for (int i = 0; i < refs.size(); i += perStream) {
            streams.add(new SseSubscriber(http, refs.subList(i, Math.min(refs.size(), i + perStream)), listener));
        }
        Poll.until("the first value of every statistic", Duration.ofSeconds(60 + refs.size() / 2000),
                () -> mixSeen.size() >= mixByRef.size() && byRef.values().stream().allMatch(t -> {
                    synchronized (t) {
                        return t.baseline >= 0;
                    }
                }));
        System.out.printf(Locale.ROOT, "RESULT streams: %d statistics on %d streams, every first value in %.1f s%n",
                refs.size(), streams.size(), (System.nanoTime() - subscribeStart) / 1e9);

        // 3. the measured stream: event n of a connection is due at start + (n - 1) × connections / rate
        long startNanos = System.nanoTime() + 200_000_000L;
        long startWall = System.currentTimeMillis() + 200;
        measureFrom.set(startNanos + warmup * 1_000_000_000L);
        double interval = 1e9 * connections / rate;
        List<TcpEventClient> clients = new ArrayList<>();
        AtomicReference<Throwable> problem = new AtomicReference<>();
        for (int s = 0; s < connections; s++) {
            Pacer pacer = seq -> seq <= setup ? 0 : startNanos + (long) ((seq - setup - 1) * interval);
            EventGenerator g = generator(s, sources.get(s), perSource, queueCount,
                    seq -> seq <= setup ? setupTs : startWall + (pacer.scheduledNanos(seq) - startNanos) / 1_000_000);
            long end = setup + perConnection;
            EventStream recorded = seq -> {
                if (seq > end) {
                    return null;
                }
                EventGenerator.Event e = g.nextEvent(seq);
                if (seq > setup && mixed) {
                    long scheduled = pacer.scheduledNanos(seq);
                    for (String key : touched(e, groupOfAgent, groupOfQueue)) {
                        lastTouch.computeIfAbsent(key, k -> new AtomicLong(Long.MIN_VALUE))
                                .accumulateAndGet(scheduled, Math::max);
                    }
                }
                if (seq > setup) {
                    Track t = tracks.get(e.counter());
                    if (t == null) {
                        problem.compareAndSet(null, new IllegalStateException("not countable: " + e.line()));
                    } else {
                        synchronized (t) {
                            t.waiting.addLast(new long[] { ++t.generated, pacer.scheduledNanos(seq) });
                        }
                    }
                }
                return e.line();
            };
            TcpEventClient c = new TcpEventClient(host, tcpPort, sources.get(s), recorded).pacing(pacer);
            long[] ackedUpTo = { setup };
            c.onAck((m, now) -> {
                for (long seq = ackedUpTo[0] + 1; seq <= m; seq++) {
                    long scheduled = pacer.scheduledNanos(seq);
                    if (scheduled >= measureFrom.get()) {
                        synchronized (durable) {
                            durable.recordValue(Math.max(0, (now - scheduled) / 1000));
                        }
                    }
                }
                ackedUpTo[0] = Math.max(ackedUpTo[0], m);
            });
            clients.add(c);
        }
        CpuSampler cpu = new CpuSampler(forked == null ? -1 : forked.pid());
        for (TcpEventClient c : clients) {
            c.start(setup + perConnection);
        }
        sleepUntil(measureFrom.get());
        cpu.start();
        double[] notifierBefore = notifierCounters(http);
        for (TcpEventClient c : clients) {
            c.awaitAllAcked(Duration.ofSeconds(warmup + duration + 120));
        }
        double sendSeconds = (System.nanoTime() - measureFrom.get()) / 1e9;
        String cpuText = cpu.stop(sendSeconds);
        double[] notifierAfter = notifierCounters(http);
        long expected = perConnection * connections;
        try {
            Poll.until("every event notified", Duration.ofSeconds(10), () -> matched.get() >= expected);
        } catch (AssertionError timedOut) {
            // reported below as events never notified
        }
        for (SseSubscriber s : streams) {
            s.close();
        }
        for (TcpEventClient c : clients) {
            c.close();
        }
        if (problem.get() != null) {
            System.out.println("PROBLEM: " + problem.get().getMessage());
        }
        long late = clients.stream().mapToLong(TcpEventClient::sent).sum();
        System.out.printf(Locale.ROOT, "latency: %.0f events/s scheduled on %d connection(s), %d s warm-up + %d s "
                + "measured; %d events sent, %d notified, %d never notified%s%n", rate, connections, warmup, duration,
                late, matched.get(), expected - matched.get(), cpuText);
        print("RESULT event→notification", notified);
        printNotifier(notifierBefore, notifierAfter, sendSeconds);
        print("RESULT event→durable ack ", durable);
        if (mixed) {
            System.out.printf(Locale.ROOT, "mix: %,d statistics (+ %d counters above); %,d notifications of them in the "
                    + "measured window (%.0f/s), %,d not attributed (time-driven categories, objects not touched)%n",
                    mixByRef.size(), byRef.size(), mixNotified.get(), mixNotified.get() / sendSeconds,
                    mixUnattributed.get());
            print("RESULT mix last touch→notification, agents and queues", mixObjects);
            print("RESULT mix last touch→notification, groups and tenant", mixAggregates);
            printServerMemory(forked);
        }
        try {
            System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException e) {
            // not on Linux
        }
    }

    private static EventGenerator generator(int s, String source, int perSource, int queueCount,
            java.util.function.LongUnaryOperator ts) {
        return new EventGenerator(TENANT, source, agentsOf(s, perSource), queues(queueCount), 2000 + s,
                EventGenerator.Mix.CALLS_ONLY, ts);
    }

    private static void print(String what, Histogram h) {
        System.out.printf(Locale.ROOT, "%s (ms, from the scheduled send time): p50 %.2f  p99 %.2f  p99.9 %.2f  "
                + "max %.2f  mean %.2f  count %d%n", what, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
                h.getMean() / 1000.0, h.getTotalCount());
    }

    // ---- restart ----

    private void restart() throws Exception {
        int events = intArg("events", 1_000_000);
        int connections = intArg("connections", 4);
        Path dir = Path.of(arg("dir", "target/harness/restart"));
        ForkedServer.Options o = withCfg(new ForkedServer.Options().javaMaxMem(arg("xmx", "2g")));
        try (ForkedServer s = ForkedServer.create(dir, o)) {
            s.start();
            host = "127.0.0.1";
            tcpPort = s.tcpPort();
            http = s.http();
            int perSource = 100;
            importTenant(connections, perSource, 20);
            List<String> refs = openSample(connections, perSource);
            long t0 = System.nanoTime();
            List<TcpEventClient> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                long[] lastTs = { 0 };
                EventGenerator g = new EventGenerator(TENANT, "restart-" + i, agentsOf(i, perSource), queues(20),
                        3000 + i, EventGenerator.Mix.FULL,
                        seq -> lastTs[0] = Math.max(lastTs[0], System.currentTimeMillis()));
                clients.add(new TcpEventClient(host, tcpPort, "restart-" + i, g).start(events / connections));
            }
            for (TcpEventClient c : clients) {
                c.awaitAllAcked(Duration.ofHours(1));
                c.close();
            }
            double feedSeconds = (System.nanoTime() - t0) / 1e9;
            long journalBytes = size(s.journalDirectory());
            System.out.printf(Locale.ROOT, "restart: journaled %d events in %.1f s (%.0f events/s on %d connections), "
                    + "journal %.1f MB%n", events, feedSeconds, events / feedSeconds, connections, journalBytes / 1e6);
            // acks mean durable; the engine applies behind: read once the values stopped moving
            // (counts and averages only: the talk time of a call in progress grows with the wall clock)
            List<String> counts = refs.stream().filter(r -> !timeDependent.contains(r)).toList();
            Poll.settled("values", Duration.ofMinutes(10), Duration.ofSeconds(1), () -> values(counts));
            Map<String, JsonNode> values = values(refs);

            s.stop();
            timeStart(s, refs, values, "after a clean stop");
            s.kill();
            timeStart(s, refs, values, "after SIGKILL");
        }
    }

    private final java.util.Set<String> timeDependent = new java.util.HashSet<>();

    private List<String> openSample(int connections, int perSource) throws Exception {
        List<String> refs = new ArrayList<>();
        for (String q : queues(20)) {
            for (String type : List.of("CallsEntered", "CallsAnswered", "ASA")) {
                refs.add(open(type, "Queue", q));
            }
        }
        for (int s = 0; s < connections; s++) {
            for (EventGenerator.Agent a : agentsOf(s, perSource).subList(0, 10)) {
                refs.add(open("CallsAnswered", "Agent", a.id()));
                String talk = open("TalkTime", "Agent", a.id());
                refs.add(talk);
                timeDependent.add(talk);
            }
        }
        return refs;
    }

    private String open(String type, String objectType, String id) throws Exception {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("statType", type);
        body.putObject("object").put("tenant", TENANT).put("type", objectType).put("id", id);
        body.put("timeProfile", "Always");
        return http.post("/api/v1/stats", body.toString()).expect(201).json().get("ref").asText();
    }

    /** Values without their 'at' (wall-clock time of the evaluation). */
    private Map<String, JsonNode> values(List<String> refs) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String ref : refs) {
            Http.Response r = http.get("/api/v1/stats/" + ref);
            out.put(ref, r.status() == 200 ? r.json().get("value") : null);
        }
        return out;
    }

    private void timeStart(ForkedServer s, List<String> refs, Map<String, JsonNode> values, String how)
            throws Exception {
        long t0 = System.nanoTime();
        s.startProcess();
        s.awaitHealthy(Duration.ofMinutes(30));
        double up = (System.nanoTime() - t0) / 1e9;
        // values that depend on wall time (TalkTime of a call in progress) can only grow: compare
        // the counts, and require the rest to be back at least where they were
        Poll.until("values back", Duration.ofMinutes(30), Duration.ofMillis(200), () -> {
            Map<String, JsonNode> now = values(refs);
            for (Map.Entry<String, JsonNode> e : values.entrySet()) {
                JsonNode v = now.get(e.getKey());
                if (v == null || e.getValue() == null ? v != e.getValue()
                        : v.isNumber() && e.getValue().isNumber() ? v.asDouble() < e.getValue().asDouble()
                                : !v.equals(e.getValue())) {
                    return false;
                }
            }
            return true;
        });
        double back = (System.nanoTime() - t0) / 1e9;
        String replayed = s.logTail(2000).lines().filter(l -> l.contains("Replayed")).reduce((x, y) -> y)
                .orElse("(no replay line)");
        System.out.printf(Locale.ROOT, "RESULT restart %s: health UP after %.1f s, values back after %.1f s; %s%n", how,
                up, back, replayed.substring(Math.max(0, replayed.indexOf("Replayed"))));
    }

    // ---- backup size ----

    private void backupSize() throws Exception {
        int count = intArg("stats", 100_000);
        int threads = intArg("threads", 4);
        Path dir = Path.of(arg("dir", "target/harness/backup"));
        try (ForkedServer s = ForkedServer.create(dir, new ForkedServer.Options().javaMaxMem(arg("xmx", "2g"))
                .set("io.switchboard.stats", "autoBackupInterval", "PT10M"))) {
            s.start();
            http = s.http();
            // distinct definitions: 1,000 agents × 100 ranges of an inline TotalNumberInTimeRange
            int agents = Math.max(1, count / 100);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            AtomicLong opened = new AtomicLong();
            for (int t = 0; t < threads; t++) {
                int me = t;
                done.add(pool.submit(() -> {
                    for (int i = me; i < count; i += threads) {
                        ObjectNode body = Http.JSON.createObjectNode();
                        ObjectNode type = body.putObject("statType");
                        type.put("category", "TotalNumberInTimeRange");
                        type.putArray("mask").add("CallInbound");
                        type.putArray("range").add(0).add(1 + i / agents);
                        body.putObject("object").put("tenant", TENANT).put("type", "Agent")
                                .put("id", String.format("agent-%05d", i % agents));
                        body.put("timeProfile", "Default");
                        body.putObject("notification").put("mode", "changes");
                        http.post("/api/v1/stats", body.toString()).expect(201);
                        opened.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            s.stop();
            double stopSeconds = (System.nanoTime() - t1) / 1e9;
            long bytes = Files.size(s.backupFile());
            System.out.printf(Locale.ROOT, "RESULT backup: %d statistics opened in %.1f s (%.0f/s); clean stop %.1f s; "
                    + "backup file %,d bytes (%.1f MB, %.0f bytes per statistic)%n", opened.get(), openSeconds,
                    opened.get() / openSeconds, stopSeconds, bytes, bytes / 1e6, (double) bytes / opened.get());
            long t2 = System.nanoTime();
            s.start(Duration.ofMinutes(10));
            System.out.printf(Locale.ROOT, "RESULT backup: restart with %d pooled statistics: health UP after %.1f s%n",
                    opened.get(), (System.nanoTime() - t2) / 1e9);
            String restored = s.logTail(2000).lines().filter(l -> l.contains("Restored")).reduce((x, y) -> y)
                    .orElse("(no restore line)");
            System.out.println(restored.substring(Math.max(0, restored.indexOf("Restored"))));
            s.stop();
        }
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** CPU time of the server process (from /proc) and of this JVM over a window. */
    private static final class CpuSampler {
        private final long pid;
        private long serverTicks;
        private long clientNanos;

        CpuSampler(long pid) {
            this.pid = pid;
        }

        void start() {
            serverTicks = serverTicks();
            clientNanos = clientNanos();
        }

        String stop(double seconds) {
            long server = serverTicks() - serverTicks;
            double client = (clientNanos() - clientNanos) / 1e9;
            String s = String.format(Locale.ROOT, "; harness CPU %.0f%% of one core", 100 * client / seconds);
            if (pid > 0) {
                s += String.format(Locale.ROOT, ", server CPU %.0f%% of one core", server / 100.0 / seconds * 100);
            }
            return s;
        }

        private long serverTicks() {
            if (pid <= 0) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static long clientNanos() {
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                return sun.getProcessCpuTime();
            }
            return 0;
        }
    }
}
