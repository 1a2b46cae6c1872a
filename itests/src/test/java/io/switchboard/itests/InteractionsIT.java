package io.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.InteractionService;
import io.switchboard.api.interaction.SeatControl;
import io.switchboard.api.interaction.SubmitRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The Interaction Server in the built distribution: the default node and proxy out of the box,
 * plus two primary/backup pairs (na, nb; tenant ita), a single node nc (tenants ita and itc) and
 * two more proxies: pa over na+nb, pb over na+nb+nc. Nodes go down for real: an instance is
 * killed through its MBean (its service disappears, its lease is not given back) or its
 * configuration is updated (a clean stop and start).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class InteractionsIT extends ItSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Ports PORTS = new Ports(46181, 46101, 46099, 46451, 46801);
    private static final String NODE_PID = "io.switchboard.ixn.node";

    @Configuration
    public Option[] config() {
        List<Option> options = containerOptions(switchboardDistribution(), "interactions", PORTS);
        options.add(editConfigurationFilePut("etc/io.switchboard.adapter.tcp.cfg", "port", "46121"));
        options.add(editConfigurationFilePut("etc/io.switchboard.simulator.cfg", "enabled", "false"));
        // kill() on the InteractionNode MBean exists only with the test hooks on
        options.add(editConfigurationFilePut("etc/system.properties", "switchboard.testHooks", "true"));
        return options.toArray(new Option[0]);
    }

    @Override
    protected int httpPort() {
        return PORTS.http();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private JsonNode ok(int status, HttpResponse<String> r) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        return json(r);
    }

    private void error(int status, int code, HttpResponse<String> r) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        assertEquals(r.body(), code, json(r).get("code").asInt());
        assertTrue(r.body(), json(r).get("error").asText().length() > 0);
    }

    private static boolean clusterConfigured;

    /**
     * Configures the pairs, nc and the proxies once, from the test rather than at boot: creating
     * seven Derby databases while Karaf starts its boot features slows the start of Pax Exam's
     * invoker beyond its fixed 10 s lookup on a busy machine.
     */
    private void configureCluster() throws Exception {
        synchronized (InteractionsIT.class) {
            if (clusterConfigured) {
                return;
            }
            clusterConfigured = true;
        }
        ConfigurationAdmin cm = bundleContext.getService(bundleContext.getServiceReference(ConfigurationAdmin.class));
        for (String pair : List.of("na", "nb")) {
            for (String role : List.of("primary", "backup")) {
                Hashtable<String, Object> p = new Hashtable<>();
                p.put("name", pair);
                p.put("role", role);
                p.put("database", "derby/it-" + pair);
                p.put("tenants", "ita");
                p.put("mediaTypes", "na".equals(pair) ? "chat,email,fax" : "chat");
                p.put("disabledMediaTypes", "fax");
                p.put("maxInteractionsPerSnapshot", "3");
                cm.createFactoryConfiguration(NODE_PID, "?").update(p);
            }
        }
        Hashtable<String, Object> nc = new Hashtable<>();
        nc.put("name", "nc");
        nc.put("role", "primary");
        nc.put("database", "derby/it-nc");
        nc.put("tenants", "ita,itc");
        nc.put("mediaTypes", "chat");
        nc.put("pullHoldTimeout", "5000");
        nc.put("offerTimeout", "1500");
        cm.createFactoryConfiguration(NODE_PID, "?").update(nc);
        Hashtable<String, Object> pa = new Hashtable<>();
        pa.put("name", "pa");
        pa.put("nodes", "na,nb");
        cm.createFactoryConfiguration("io.switchboard.ixn.proxy", "?").update(pa);
        Hashtable<String, Object> pb = new Hashtable<>();
        pb.put("name", "pb");
        pb.put("nodes", "na,nb,nc");
        pb.put("proxyCacheSize", "50");
        pb.put("pullHoldTimeout", "3000");
        cm.createFactoryConfiguration("io.switchboard.ixn.proxy", "?").update(pb);
    }

    private void awaitCluster() throws Exception {
        configureCluster();
        await("nodes na, nb, nc and proxies pa, pb", Duration.ofSeconds(120), () -> node("na") != null
                && node("nb") != null && node("nc") != null && proxy("pa") != null && proxy("pb") != null
                && notFound(get("/api/v1/interactions/none?proxy=pa")));
    }

    /**
     * The proxy's 404 for an unknown interaction (detail "id"): neither the HTTP server's page nor
     * the not-found servlet's JSON 404 (detail "path"), which answers under /api/v1/ until the
     * interactions servlet is registered.
     */
    private static boolean notFound(HttpResponse<String> r) throws Exception {
        return r.statusCode() == 404 && r.body().startsWith("{") && json(r).path("code").asInt() == 404
                && "id".equals(json(r).path("detail").asText());
    }

    /** Health said UP: the interaction API is there (whatever node1 says yet), not the not-found servlet. */
    private void assertInteractionApiServed() throws Exception {
        HttpResponse<String> r = get("/api/v1/interactions/none");
        assertTrue(r.body(), r.body().startsWith("{") && !"path".equals(json(r).path("detail").asText()));
    }

    private InteractionNode node(String name) throws Exception {
        Collection<ServiceReference<InteractionNode>> refs = bundleContext.getServiceReferences(InteractionNode.class,
                "(" + InteractionNode.NODE_NAME + "=" + name + ")");
        return refs.isEmpty() ? null : bundleContext.getService(refs.iterator().next());
    }

    private String instanceOf(String name) throws Exception {
        Collection<ServiceReference<InteractionNode>> refs = bundleContext.getServiceReferences(InteractionNode.class,
                "(" + InteractionNode.NODE_NAME + "=" + name + ")");
        return refs.isEmpty() ? null : (String) refs.iterator().next().getProperty("node.instance");
    }

    private InteractionService proxy(String name) throws Exception {
        Collection<ServiceReference<InteractionService>> refs = bundleContext.getServiceReferences(
                InteractionService.class, "(" + InteractionService.PROXY_NAME + "=" + name + ")");
        return refs.isEmpty() ? null : bundleContext.getService(refs.iterator().next());
    }

    private MBeanServer mbeans() {
        ServiceReference<MBeanServer> ref = bundleContext.getServiceReference(MBeanServer.class);
        return ref != null ? bundleContext.getService(ref) : java.lang.management.ManagementFactory.getPlatformMBeanServer();
    }

    /** Kills an instance as if its process died: the service goes, the lease stays taken. */
    private void kill(String node, String instance) throws Exception {
        mbeans().invoke(new ObjectName("io.switchboard:type=InteractionNode,node=" + node + ",instance=" + instance),
                "kill", new Object[0], new String[0]);
    }

    /** A configuration update: the instance stops cleanly (giving its lease back) and starts again. */
    private void restart(String node, String role) throws Exception {
        ConfigurationAdmin cm = bundleContext.getService(bundleContext.getServiceReference(ConfigurationAdmin.class));
        org.osgi.service.cm.Configuration[] found = cm.listConfigurations("(&(service.factoryPid=" + NODE_PID
                + ")(name=" + node + ")(role=" + role + "))");
        assertTrue(node + "-" + role + " configured", found != null && found.length == 1);
        Dictionary<String, Object> props = found[0].getProperties();
        props.put("restarts", System.nanoTime());
        found[0].update(props);
    }

    private static String submitBody(String tenant, String media, String queue, String id, int priority) {
        return "{\"tenant\":\"" + tenant + "\",\"media\":\"" + media + "\",\"queue\":\"" + queue + "\""
                + (id == null ? "" : ",\"id\":\"" + id + "\"") + ",\"priority\":" + priority
                + ",\"data\":{\"subject\":\"s-" + queue + "\"}}";
    }

    /** Distinct submit times make the expected age order unambiguous. */
    private static void nextMillisecond() {
        long t = System.currentTimeMillis();
        while (System.currentTimeMillis() == t) {
            Thread.onSpinWait();
        }
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("interactions").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    // ---- the default distribution: one node, one proxy, events to the Stat Server ----

    @Test
    public void a1DefaultNodeAndProxyServeTheWholeInteractionLifecycleAndFeedStatistics() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        assertInteractionApiServed();
        await("the default proxy over node1", Duration.ofSeconds(60),
                () -> notFound(get("/api/v1/interactions/none")));
        String agentBase = "/api/v1/agents/demo/agent-001/";
        JsonNode login = ok(200, post(agentBase + "login", "{\"place\":\"place-001\",\"media\":[\"chat\",\"email\"]}"));
        assertEquals("[\"chat\",\"email\"]", login.get("media").toString());
        ok(200, post(agentBase + "ready", "{}"));

        JsonNode created = ok(201, post("/api/v1/interactions", submitBody("demo", "chat", "web", null, 0)));
        String id = created.get("id").asText();
        assertEquals("node1", created.get("node").asText());
        assertTrue(id, id.startsWith("node1-"));
        // as curl -d posts it: a form content type must not eat the JSON body
        ok(201, postLikeCurl("/api/v1/interactions", submitBody("demo", "chat", "web", "web-2", 0)));

        // the Stat Server counts them waiting, from the node's events on the bus
        String peek = "{\"statType\":\"CallsWaiting\",\"object\":{\"tenant\":\"demo\",\"type\":\"Queue\",\"id\":\"web\"}}";
        await("CallsWaiting on demo/web to be 2", Duration.ofSeconds(30),
                () -> json(post("/api/v1/stats/peek", peek)).get("value").asInt() == 2);

        JsonNode patched = ok(200, send("PATCH", "/api/v1/interactions/" + id + "/data", "{\"lang\":\"en\"}"));
        assertEquals("en", patched.get("data").get("lang").asText());
        assertEquals("s-web", patched.get("data").get("subject").asText());

        JsonNode pulled = ok(200, post("/api/v1/interactions/pull", "{\"tenant\":\"demo\",\"queue\":\"web\",\"max\":1}"));
        assertEquals(List.of(id), ids(pulled));
        assertEquals("offered", pulled.get("interactions").get(0).get("state").asText());
        JsonNode accepted = ok(200, post("/api/v1/interactions/" + id + "/accept", "{\"agent\":\"agent-001\"}"));
        assertEquals("accepted", accepted.get("state").asText());
        await("CallsWaiting on demo/web to be 1", Duration.ofSeconds(30),
                () -> json(post("/api/v1/stats/peek", peek)).get("value").asInt() == 1);

        ok(200, post("/api/v1/workbins/demo/later/put", "{\"id\":\"" + id + "\",\"owner\":\"agent-001\"}"));
        assertEquals(List.of(id), ids(ok(200, get("/api/v1/workbins/demo/later?owner=agent-001"))));
        assertEquals("sales", ok(200, post("/api/v1/interactions/" + id + "/place-in-queue", "{\"queue\":\"sales\"}"))
                .get("queue").asText());
        assertEquals(List.of(id), ids(ok(200, get("/api/v1/snapshots/demo/sales?max=5"))));
        assertEquals(List.of(id), ids(ok(200, post("/api/v1/interactions/find",
                "{\"tenant\":\"demo\",\"where\":{\"data.lang\":\"en\"},\"limit\":10}"))));
        assertEquals("stopped", ok(200, post("/api/v1/interactions/" + id + "/stop", "{\"reason\":\"done\"}"))
                .get("state").asText());
        assertEquals("stopped", ok(200, get("/api/v1/interactions/" + id)).get("state").asText());

        ok(200, post(agentBase + "not-ready", "{\"media\":[\"chat\"],\"reason\":\"break\"}"));
        ok(200, post(agentBase + "logout", "{}"));
        error(409, 409, post(agentBase + "ready", "{}"));

        String sources = executeCommand("switchboard:sources");
        assertTrue(sources, sources.contains("ixn-node1"));
        error(404, 404, get("/api/v1/interactions/nobody"));
        error(400, 400, post("/api/v1/interactions", "{\"tenant\":\"demo\",\"media\":\"chat\"}"));
        // numbers that are none are named, not replaced by a default
        HttpResponse<String> priority = post("/api/v1/interactions",
                "{\"tenant\":\"demo\",\"media\":\"chat\",\"queue\":\"web\",\"priority\":\"high\"}");
        error(400, 400, priority);
        assertEquals("priority", json(priority).get("detail").asText());
        HttpResponse<String> max = post("/api/v1/interactions/pull", "{\"tenant\":\"demo\",\"queue\":\"web\",\"max\":-2}");
        error(400, 400, max);
        assertEquals("max", json(max).get("detail").asText());
        error(400, 400, post("/api/v1/interactions/find", "{\"tenant\":\"demo\",\"limit\":1.5}"));
    }

    @Test
    public void a2InteractionWritesNeedTheMediaOrAgentRoleAndARefusedOneChangesNothing() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        assertInteractionApiServed();
        await("the default proxy over node1", Duration.ofSeconds(60),
                () -> notFound(get("/api/v1/interactions/none")));
        String submit = submitBody("demo", "chat", "roles", "role-1", 0);

        HttpResponse<String> anonymous = postAs(null, null, "/api/v1/interactions", submit);
        error(401, 401, anonymous);
        assertEquals("Authorization", json(anonymous).get("detail").asText());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        error(401, 401, postAs(MEDIA, "guess", "/api/v1/interactions", submit));
        HttpResponse<String> agentSubmits = postAs(AGENT, AGENT_PASSWORD, "/api/v1/interactions", submit);
        error(403, 403, agentSubmits);
        assertEquals("role", json(agentSubmits).get("detail").asText());
        error(404, 404, get("/api/v1/interactions/role-1"));

        ok(201, postAs(MEDIA, MEDIA_PASSWORD, "/api/v1/interactions", submit));
        String one = "/api/v1/interactions/role-1/";
        String agentBase = "/api/v1/agents/demo/agent-role/";
        // a media server submits; handling and agent requests are the agents'
        error(403, 403, postAs(MEDIA, MEDIA_PASSWORD, one + "stop", "{\"reason\":\"no\"}"));
        error(403, 403, postAs(MEDIA, MEDIA_PASSWORD, one + "place-in-queue", "{\"queue\":\"other\"}"));
        error(403, 403, postAs(MEDIA, MEDIA_PASSWORD, one + "accept", "{\"agent\":\"agent-role\"}"));
        error(403, 403, sendAs(MEDIA, MEDIA_PASSWORD, "PATCH", one + "data", "{\"lang\":\"fr\"}"));
        error(403, 403, postAs(MEDIA, MEDIA_PASSWORD, "/api/v1/interactions/pull",
                "{\"tenant\":\"demo\",\"queue\":\"roles\",\"max\":1}"));
        error(403, 403, postAs(MEDIA, MEDIA_PASSWORD, "/api/v1/workbins/demo/later/put", "{\"id\":\"role-1\"}"));
        error(403, 403, postAs(MEDIA, MEDIA_PASSWORD, agentBase + "login", "{\"media\":[\"chat\"]}"));
        error(401, 401, postAs(null, null, one + "stop", "{}"));
        error(401, 401, postAs(null, null, agentBase + "logout", "{}"));
        JsonNode untouched = ok(200, get("/api/v1/interactions/role-1"));
        assertEquals("queued", untouched.get("state").asText());
        assertEquals("roles", untouched.get("queue").asText());
        assertEquals("{\"subject\":\"s-roles\"}", untouched.get("data").toString());
        // reads and finds need nobody
        assertEquals(List.of("role-1"), ids(ok(200, postAs(null, null, "/api/v1/interactions/find",
                "{\"tenant\":\"demo\",\"where\":{\"queue\":\"roles\"},\"limit\":5}"))));

        ok(200, postAs(AGENT, AGENT_PASSWORD, agentBase + "login", "{\"media\":[\"chat\"]}"));
        ok(200, postAs(AGENT, AGENT_PASSWORD, agentBase + "ready", "{}"));
        assertEquals(List.of("role-1"), ids(ok(200, postAs(AGENT, AGENT_PASSWORD, "/api/v1/interactions/pull",
                "{\"tenant\":\"demo\",\"queue\":\"roles\",\"max\":1}"))));
        ok(200, postAs(AGENT, AGENT_PASSWORD, one + "accept", "{\"agent\":\"agent-role\"}"));
        assertEquals("fr", ok(200, sendAs(AGENT, AGENT_PASSWORD, "PATCH", one + "data", "{\"lang\":\"fr\"}"))
                .get("data").get("lang").asText());
        ok(200, postAs(AGENT, AGENT_PASSWORD, "/api/v1/workbins/demo/later/put", "{\"id\":\"role-1\"}"));
        ok(200, postAs(AGENT, AGENT_PASSWORD, one + "place-in-queue", "{\"queue\":\"roles-2\"}"));
        assertEquals("stopped", ok(200, postAs(AGENT, AGENT_PASSWORD, one + "stop", "{\"reason\":\"done\"}"))
                .get("state").asText());
        ok(200, postAs(AGENT, AGENT_PASSWORD, agentBase + "logout", "{}"));
    }

    // ---- two pairs behind proxies ----

    @Test
    public void b1PullTakesInteractionsInGlobalPriorityAndAgeOrderAcrossNodes() throws Exception {
        awaitCluster();
        List<String> submitted = new ArrayList<>();
        Set<String> nodes = new HashSet<>();
        for (int k = 0; k < 8; k++) {
            JsonNode c = ok(201, post("/api/v1/interactions?proxy=pa", submitBody("ita", "chat", "order", null,
                    k == 5 || k == 6 ? 7 : 0)));
            submitted.add(c.get("id").asText());
            nodes.add(c.get("node").asText());
            nextMillisecond();
        }
        assertEquals(Set.of("na", "nb"), nodes);
        List<String> expected = List.of(submitted.get(5), submitted.get(6), submitted.get(0), submitted.get(1),
                submitted.get(2));
        assertEquals(expected, ids(ok(200, post("/api/v1/interactions/pull?proxy=pa",
                "{\"tenant\":\"ita\",\"queue\":\"order\",\"max\":5}"))));
        // the other proxy continues the same global order
        assertEquals(List.of(submitted.get(3), submitted.get(4), submitted.get(7)), ids(ok(200,
                post("/api/v1/interactions/pull?proxy=pb", "{\"tenant\":\"ita\",\"queue\":\"order\",\"max\":5}"))));

        // a view ordered by age alone
        String older = ok(201, post("/api/v1/interactions?proxy=pa", submitBody("ita", "chat", "by-age", null, 0)))
                .get("id").asText();
        nextMillisecond();
        ok(201, post("/api/v1/interactions?proxy=pa", submitBody("ita", "chat", "by-age", null, 5)));
        assertEquals(List.of(older), ids(ok(200, post("/api/v1/interactions/pull?proxy=pa",
                "{\"tenant\":\"ita\",\"queue\":\"by-age\",\"max\":1,\"order\":\"age\"}"))));
        error(400, 400, post("/api/v1/interactions/pull?proxy=pa",
                "{\"tenant\":\"ita\",\"queue\":\"by-age\",\"max\":1,\"order\":\"random\"}"));
    }

    @Test
    public void b2FindWorkbinAndSnapshotMergeNodesSorted() throws Exception {
        awaitCluster();
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            ids.add(ok(201, post("/api/v1/interactions?proxy=pa", submitBody("ita", "chat", "merge", null, k % 2)))
                    .get("id").asText());
            nextMillisecond();
        }
        List<String> order = List.of(ids.get(1), ids.get(3), ids.get(5), ids.get(0), ids.get(2), ids.get(4));
        assertEquals(order, ids(ok(200, post("/api/v1/interactions/find?proxy=pa",
                "{\"tenant\":\"ita\",\"where\":{\"queue\":\"merge\"}}"))));
        // max-interactions-per-snapshot is 3 per node; the merged answer is cut to max in global order
        assertEquals(order.subList(0, 4), ids(ok(200, get("/api/v1/snapshots/ita/merge?max=4&proxy=pa"))));
        for (String id : ids) {
            ok(200, post("/api/v1/workbins/ita/drafts/put?proxy=pa", "{\"id\":\"" + id + "\",\"owner\":\"w1\"}"));
        }
        assertEquals(order, ids(ok(200, get("/api/v1/workbins/ita/drafts?owner=w1&proxy=pa"))));
    }

    @Test
    public void b3AnOfferNobodyAcceptsGoesBackToItsQueue() throws Exception {
        awaitCluster();
        // tenant itc lives on nc alone, whose offers time out after 1.5 s
        String id = ok(201, post("/api/v1/interactions?proxy=pb", submitBody("itc", "chat", "offers", null, 0)))
                .get("id").asText();
        assertEquals(List.of(id), ids(ok(200, post("/api/v1/interactions/pull?proxy=pb",
                "{\"tenant\":\"itc\",\"queue\":\"offers\",\"max\":1}"))));
        assertEquals("offered", ok(200, get("/api/v1/interactions/" + id + "?proxy=pb")).get("state").asText());
        await("the offer to be revoked", Duration.ofSeconds(10),
                () -> "queued".equals(json(get("/api/v1/interactions/" + id + "?proxy=pb")).get("state").asText()));
    }

    @Test
    public void b4ClientIdsAreUniqueOverTheClusterAndDisabledOrUnservedMediaHaveNoServer() throws Exception {
        awaitCluster();
        ok(201, post("/api/v1/interactions?proxy=pa", submitBody("ita", "chat", "ids", "client-7", 0)));
        error(409, 409, post("/api/v1/interactions?proxy=pa", submitBody("ita", "chat", "ids", "client-7", 0)));
        // 2001: no node takes video; fax is served by na but disabled there
        error(503, InteractionException.NO_SERVER_FOR_MEDIA_TENANT,
                post("/api/v1/interactions?proxy=pa", submitBody("ita", "video", "ids", null, 0)));
        error(503, InteractionException.NO_SERVER_FOR_MEDIA_TENANT,
                post("/api/v1/interactions?proxy=pa", submitBody("ita", "fax", "ids", null, 0)));
        error(503, InteractionException.NO_SERVER_FOR_MEDIA_TENANT,
                post("/api/v1/interactions?proxy=pa", submitBody("nobody", "chat", "ids", null, 0)));
        // 2000: an operation the proxy does not route
        error(501, InteractionException.UNSUPPORTED_OPERATION,
                post("/api/v1/interactions/client-7/transfer?proxy=pa", "{}"));
        error(501, InteractionException.UNSUPPORTED_OPERATION, send("DELETE", "/api/v1/interactions/client-7?proxy=pa"));
    }

    @Test
    public void c1AgentRequestsApplyOnEveryNodeAndAFailedLoginIsRolledBackEverywhere() throws Exception {
        awaitCluster();
        String base = "/api/v1/agents/ita/ag1/";
        assertEquals("[\"chat\",\"email\"]", ok(200, post(base + "login?proxy=pa",
                "{\"place\":\"p1\",\"media\":[\"chat\",\"email\"]}")).get("media").toString());
        ok(200, post(base + "ready?proxy=pa", "{}"));
        assertEquals(Map.of("chat", "ready", "email", "ready"), node("na").agents("ita").get("ag1"));
        assertEquals(Map.of("chat", "ready"), node("nb").agents("ita").get("ag1"));
        ok(200, post(base + "logout?proxy=pa", "{}"));
        assertEquals(null, node("na").agents("ita").get("ag1"));

        // seats: nb refuses the agent, so the login made on na is taken back
        ServiceRegistration<SeatControl> seats = bundleContext.registerService(SeatControl.class, new SeatControl() {
            @Override
            public boolean acquire(String node, String tenant, String agent, Set<String> media) {
                return !"nb".equals(node);
            }

            @Override
            public void release(String node, String tenant, String agent) {
                // nothing held
            }
        }, new Hashtable<>());
        try {
            await("the nodes to see the seat control", Duration.ofSeconds(10),
                    () -> post(base + "login?proxy=pa", "{\"media\":[\"chat\"]}").statusCode() == 409);
            assertEquals(null, node("na").agents("ita").get("ag1"));
            assertEquals(null, node("nb").agents("ita").get("ag1"));
        } finally {
            seats.unregister();
        }
    }

    /**
     * The seed's event-log trap: each node an agent logs in to through the proxy reports its own
     * login and logout (na for chat and email, nb for chat), a few milliseconds apart. The JDBC
     * event logger, installed on the running server, still holds one session per real login.
     */
    @Test
    public void c2EveryNodeReportsItsOwnLoginPairsAndTheJdbcEventLoggerHoldsOneSessionPerRealLogin() throws Exception {
        awaitCluster();
        executeCommand("feature:install switchboard-eventlog-jdbc");
        String base = "/api/v1/agents/ita/ag-s1/";
        for (int login = 0; login < 2; login++) {
            ok(200, post(base + "login?proxy=pa", "{\"place\":\"p-s1\",\"media\":[\"chat\",\"email\"]}"));
            assertEquals(Set.of("chat", "email"), node("na").agents("ita").get("ag-s1").keySet());
            assertEquals(Set.of("chat"), node("nb").agents("ita").get("ag-s1").keySet());
            nextMillisecond();
            ok(200, post(base + "logout?proxy=pa", "{}"));
            // the next login starts after this logout, as a real second login does
            nextMillisecond();
        }
        EventDatabase db = new EventDatabase(java.nio.file.Paths.get(System.getProperty("karaf.data"), "eventlog-db")
                .toAbsolutePath().toString());
        List<long[]> sessions = new ArrayList<>();
        await("the nodes' six login/logout pairs of ag-s1 in two sessions", Duration.ofSeconds(60), () -> {
            sessions.clear();
            sessions.addAll(db.sessionRows("ita", "ag-s1"));
            return sessions.size() == 2 && sessions.stream().allMatch(r -> r[2] == 3 && r[1] >= 0);
        });
        assertTrue("the first session ends before the second begins",
                sessions.get(0)[1] < sessions.get(1)[0]);
        executeCommand("feature:uninstall switchboard-eventlog-jdbc");
    }

    /**
     * A REST capture point installed on the running server over proxy pb (na, nb, nc): its tasks
     * land on every node, and it reads, updates and stops each over HTTP wherever it is (the seed's
     * capture points see only their own node's interactions).
     */
    @Test
    public void c3ARestCapturePointReadsUpdatesAndStopsItsTasksOnEveryNode() throws Exception {
        awaitCluster();
        executeCommand("feature:install switchboard-capture");
        ConfigurationAdmin cm = bundleContext.getService(bundleContext.getServiceReference(ConfigurationAdmin.class));
        org.osgi.service.cm.Configuration point = cm.createFactoryConfiguration("io.switchboard.capture", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", "ita-web");
        props.put("type", "rest");
        props.put("tenant", "ita");
        props.put("media", "chat");
        props.put("queue", "cq");
        // the component's proxy reference: pb's, not the default proxy's
        props.put("proxy.target", "(" + InteractionService.PROXY_NAME + "=pb)");
        point.update(props);
        try {
            String tasks = "/api/v1/capture/ita-web/tasks";
            await("the capture point ita-web served", Duration.ofSeconds(60),
                    () -> get(tasks + "/none").statusCode() == 404 && "id".equals(json(get(tasks + "/none")).path("detail")
                            .asText()));
            Map<String, String> nodeOf = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 9; i++) {
                JsonNode made = ok(201, postAs(MEDIA, MEDIA_PASSWORD, tasks, "{\"data\": {\"n\": \"" + i + "\"}}"));
                nodeOf.put(made.get("id").asText(), made.get("node").asText());
            }
            assertEquals("pb put the tasks on every node: " + nodeOf, Set.of("na", "nb", "nc"), Set.copyOf(nodeOf.values()));
            for (Map.Entry<String, String> t : nodeOf.entrySet()) {
                String path = tasks + "/" + t.getKey();
                JsonNode read = ok(200, get(path));
                assertEquals(t.getValue(), read.get("node").asText());
                assertEquals("ita-web", read.get("data").get("capturePoint").asText());
                assertEquals("cq", read.get("queue").asText());
                JsonNode updated = ok(200, sendAs(MEDIA, MEDIA_PASSWORD, "PATCH", path, "{\"status\": \"seen\"}"));
                assertEquals("seen", updated.get("data").get("status").asText());
                assertEquals("seen", node(t.getValue()).get(t.getKey()).orElseThrow().data().get("status"));
                assertEquals("stopped", ok(200, sendAs(MEDIA, MEDIA_PASSWORD, "DELETE", path + "?reason=done", ""))
                        .get("state").asText());
                assertEquals(Interaction.State.STOPPED, node(t.getValue()).get(t.getKey()).orElseThrow().state());
            }
        } finally {
            point.delete();
        }
    }

    @Test
    public void d1DuplicateIdsHeldPullsAndNodesDownGiveTheProxyErrorCodes() throws Exception {
        awaitCluster();
        // 2005: clients connected to nodes directly (as a router may be) put one id on two nodes
        node("na").submit(new SubmitRequest("ita", "chat", "dups", "twin-1", 0, null));
        node("nc").submit(new SubmitRequest("ita", "chat", "dups", "twin-1", 0, null));
        error(409, InteractionException.DUPLICATE_ID, get("/api/v1/interactions/twin-1?proxy=pb"));
        // pa does not know nc: for pa the id is unique
        assertEquals("na", ok(200, get("/api/v1/interactions/twin-1?proxy=pa")).get("node").asText());

        // 2004: a pull waits on an empty view (hold 3 s); a second pull on the view meets it
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/api/v1/interactions/pull?proxy=pb", "{\"tenant\":\"ita\",\"queue\":\"empty\",\"max\":1}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("the pull to be held", Duration.ofSeconds(10), () -> heldPulls("nc") > 0);
        error(409, InteractionException.IN_PROGRESS,
                post("/api/v1/interactions/pull?proxy=pb", "{\"tenant\":\"ita\",\"queue\":\"empty\",\"max\":1}"));
        assertEquals(0, ok(200, held.get(20, TimeUnit.SECONDS)).get("count").asInt());

        // 2002: nc (the only node of tenant itc) dies under a held pull
        CompletableFuture<HttpResponse<String>> lost = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/api/v1/interactions/pull?proxy=pb", "{\"tenant\":\"itc\",\"queue\":\"q\",\"max\":1}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("the itc pull to be held on nc", Duration.ofSeconds(10), () -> heldPulls("nc") > 0);
        kill("nc", "nc-primary");
        try {
            error(502, InteractionException.LOST_CONNECTION, lost.get(20, TimeUnit.SECONDS));

            // nc is down now: absence cannot be proven (2003), its snapshot part is missing (2006)
            error(503, InteractionException.NOT_ACCESSIBLE, get("/api/v1/interactions/nowhere?proxy=pb"));
            error(503, InteractionException.NOT_ACCESSIBLE,
                    post("/api/v1/interactions?proxy=pb", submitBody("ita", "chat", "dups", "fresh-1", 0)));
            error(503, InteractionException.SNAPSHOT_NOT_ACCESSIBLE, get("/api/v1/snapshots/ita/dups?proxy=pb"));
            // a cached id still answers; generated ids still go to the nodes that are up
            assertEquals("na", ok(200, get("/api/v1/interactions/twin-1?proxy=pb")).get("node").asText());
            ok(201, post("/api/v1/interactions?proxy=pb", submitBody("ita", "chat", "dups", null, 0)));
            // pa never asks nc: it still proves absence
            error(404, 404, get("/api/v1/interactions/nowhere?proxy=pa"));
            String nodes = executeCommand("switchboard:nodes");
            assertTrue(nodes, nodes.matches("(?s).*nc\\s*\\|\\s*DOWN.*"));
        } finally {
            restart("nc", "primary");
        }
        await("nc to come back", Duration.ofSeconds(30), () -> node("nc") != null);
        error(404, 404, get("/api/v1/interactions/nowhere?proxy=pb"));
    }

    private int heldPulls(String node) throws Exception {
        return (Integer) mbeans().getAttribute(new ObjectName("io.switchboard:type=InteractionNode,node=" + node
                + ",instance=" + node + "-primary"), "HeldPulls");
    }

    @Test
    public void e1ShellAndJmxShowNodesInteractionsAndTheProxyCache() throws Exception {
        awaitCluster();
        String id = ok(201, post("/api/v1/interactions?proxy=pa", submitBody("ita", "chat", "shell", null, 3)))
                .get("id").asText();
        ok(200, get("/api/v1/interactions/" + id + "?proxy=pa"));
        String nodes = executeCommand("switchboard:nodes");
        assertTrue(nodes, nodes.matches("(?s).*na\\s*\\|\\s*UP\\s*\\|\\s*na-(primary|backup).*"));
        assertTrue(nodes, nodes.contains("node1"));
        // both instances of pair na: the serving one holds the lease, its partner stands by and names it
        String instances = executeCommand("switchboard:node-instances");
        assertTrue(instances, instances.matches(
                "(?s).*\\bna\\s*\\|\\s*na-\\w+\\s*\\|\\s*\\w+\\s*\\|\\s*SERVING\\s*\\|[^\\n]*na-\\w+/\\w+/\\w+ \\(this\\).*"));
        assertTrue(instances, instances.matches(
                "(?s).*\\bna\\s*\\|\\s*na-\\w+\\s*\\|\\s*\\w+\\s*\\|\\s*STANDBY\\s*\\|[^\\n]*\\| na-\\w+/\\w+/\\w+\\s*\\|.*"));
        String list = executeCommand("switchboard:interactions --proxy pa ita queue=shell");
        assertTrue(list, list.contains(id));
        String cache = executeCommand("switchboard:proxy-cache --proxy pa --entries 5");
        assertTrue(cache, cache.contains(id));
        MBeanServer jmx = mbeans();
        int size = (Integer) jmx.getAttribute(new ObjectName("io.switchboard:type=InteractionProxy,name=pa"), "CacheSize");
        assertTrue(size >= 1);
        @SuppressWarnings("unchecked")
        Map<String, String> up = (Map<String, String>) jmx.getAttribute(
                new ObjectName("io.switchboard:type=InteractionProxy,name=pb"), "Nodes");
        assertEquals(Map.of("na", "UP", "nb", "UP", "nc", "UP"), up);
        long published = (Long) jmx.getAttribute(new ObjectName("io.switchboard:type=InteractionNode,node=nc,"
                + "instance=nc-primary"), "EventsLogged");
        assertTrue(published >= 0);
    }

    // ---- failover ----

    @Test
    public void f1KillingThePrimaryOfAPairUnderASubmitStreamLosesAndDuplicatesNothing() throws Exception {
        awaitCluster();
        InteractionService pa = proxy("pa");
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread stream = new Thread(() -> {
            while (running.get()) {
                try {
                    Interaction i = pa.submit(new SubmitRequest("ita", "chat", "failover", null, 0, null));
                    acknowledged.put(i.id(), i.node());
                } catch (InteractionException e) {
                    failures.add(e.code() + " " + e.getMessage());
                }
            }
        }, "it-submit-stream");
        stream.start();
        try {
            await("a stream on both nodes", Duration.ofSeconds(20),
                    () -> acknowledged.containsValue("na") && acknowledged.containsValue("nb"));
            String before = instanceOf("na");
            String other = before.endsWith("primary") ? "backup" : "primary";
            long killedAt = System.nanoTime();
            kill("na", before);
            await("na's partner to take over", Duration.ofSeconds(30), () -> ("na-" + other).equals(instanceOf("na")));
            long crashMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            int atTakeover = acknowledged.size();
            await("submits to reach the new instance", Duration.ofSeconds(20), () -> acknowledged.size() > atTakeover + 50);

            // the killed instance comes back as standby; a clean stop of the serving one hands over at once
            restart("na", before.substring(3));
            ObjectName restarted = new ObjectName("io.switchboard:type=InteractionNode,node=na,instance=" + before);
            await("the killed instance to run again (standby)", Duration.ofSeconds(30),
                    () -> mbeans().isRegistered(restarted)
                            && !(Boolean) mbeans().getAttribute(restarted, "Active")
                            && mbeans().getAttribute(restarted, "Submitted").equals(0L));
            long stoppedAt = System.nanoTime();
            restart("na", other);
            await("na to be served again by " + before, Duration.ofSeconds(30), () -> before.equals(instanceOf("na")));
            long cleanMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            int atSecond = acknowledged.size();
            await("submits to continue", Duration.ofSeconds(20), () -> acknowledged.size() > atSecond + 50);
            running.set(false);
            stream.join(10000);

            List<Interaction> stored = pa.find("ita", Map.of("queue", "failover"), 0);
            Map<String, Integer> seen = new java.util.HashMap<>();
            stored.forEach(i -> seen.merge(i.id(), 1, Integer::sum));
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                assertEquals("acknowledged " + e.getKey() + " stored once", Integer.valueOf(1), seen.get(e.getKey()));
            }
            assertEquals("nothing stored that was not acknowledged", acknowledged.size(), stored.size());
            System.out.println("FAILOVER: " + acknowledged.size() + " submits acknowledged, " + stored.size()
                    + " stored, none lost or duplicated; " + failures.size() + " submits refused meanwhile; "
                    + "switchover after a crash (lease 3000 ms) " + crashMs + " ms, after a clean stop " + cleanMs
                    + " ms");
        } finally {
            running.set(false);
            stream.join(10000);
        }
    }
    /**
     * The licensing feature installed on the running server: nb (both instances of its pair) has
     * one seat, so the cluster of pa (na + nb) takes one agent; the second is refused with
     * "no seat" and taken back from na; lowering nb's seats to none logs the first out everywhere.
     */
    @Test
    public void g1TheLicensingFeatureInstallsOnARunningServerAndItsSeatsHoldOnEveryNode() throws Exception {
        awaitCluster();
        HttpResponse<String> before = get("/api/v1/licenses");
        assertEquals(before.body(), 404, before.statusCode());
        assertEquals("licensing is not installed", json(before).get("error").asText());

        executeCommand("feature:install switchboard-licensing");
        ConfigurationAdmin cm = bundleContext.getService(bundleContext.getServiceReference(ConfigurationAdmin.class));
        // the feature writes etc/io.switchboard.licensing.cfg; once file install has read it, our
        // updates are written back to the file instead of being overwritten by its first scan
        await("file install to read etc/io.switchboard.licensing.cfg", Duration.ofSeconds(30), () -> {
            org.osgi.service.cm.Configuration[] c = cm.listConfigurations("(service.pid=io.switchboard.licensing)");
            return c != null && c[0].getProperties() != null
                    && c[0].getProperties().get("felix.fileinstall.filename") != null;
        });
        org.osgi.service.cm.Configuration licence = cm.getConfiguration("io.switchboard.licensing", "?");
        Dictionary<String, Object> seats = licence.getProperties();
        seats.put("seats", "2");
        seats.put("seats.nb", "1");
        licence.update(seats);
        await("GET /api/v1/licenses to show nb's one seat", Duration.ofSeconds(60), () -> {
            HttpResponse<String> r = get("/api/v1/licenses");
            return r.statusCode() == 200 && json(r).get("capacity").asInt() == 1;
        });

        String login = "{\"place\":\"p1\",\"media\":[\"chat\"]}";
        // the nodes pick the seat control up dynamically: log in until nb counts the seat
        await("ag-l1 to hold a seat on nb", Duration.ofSeconds(20), () -> {
            post("/api/v1/agents/ita/ag-l1/login?proxy=pa", login);
            JsonNode l = json(get("/api/v1/licenses"));
            for (JsonNode n : l.get("nodes")) {
                if (n.get("node").asText().equals("nb")) {
                    return n.get("used").asInt() == 1 && n.get("seats").asInt() == 1;
                }
            }
            return false;
        });
        HttpResponse<String> refused = post("/api/v1/agents/ita/ag-l2/login?proxy=pa", login);
        assertEquals(refused.body(), 409, refused.statusCode());
        JsonNode body = json(refused);
        assertEquals(409, body.get("code").asInt());
        assertEquals("no seat", body.get("error").asText());
        assertTrue(body.toString(), body.get("detail").asText().contains("ag-l2"));
        assertEquals("refused on nb, taken back on na", null, node("na").agents("ita").get("ag-l2"));
        assertEquals(null, node("nb").agents("ita").get("ag-l2"));

        ObjectName licensing = new ObjectName("io.switchboard:type=Licensing");
        awaitEquals("the MBean", Duration.ofSeconds(20), 1, () -> mbeans().isRegistered(licensing)
                ? ((Map<?, ?>) mbeans().getAttribute(licensing, "SeatsUsed")).get("nb") : null);
        assertEquals(1, mbeans().getAttribute(licensing, "Capacity"));
        assertTrue(get("/metrics").body(), get("/metrics").body().contains("switchboard_seats_used{node=\"nb\"} 1"));
        String shell = executeCommand("switchboard:licenses");
        assertTrue(shell, shell.contains("nb") && shell.contains("Capacity: 1 agents"));
        assertTrue(executeCommand("switchboard:licenses --agents nb").contains("ag-l1"));

        // a second seat on nb: ag-l2 now gets in (after ag-l1); lowered back to one, the most recent
        // login (ag-l2) is logged out of every node and ag-l1 stays
        seats.put("seats.nb", "2");
        licence.update(seats);
        await("ag-l2 to get nb's second seat", Duration.ofSeconds(20),
                () -> post("/api/v1/agents/ita/ag-l2/login?proxy=pa", login).statusCode() == 200);
        assertTrue("ag-l2 on na", node("na").agents("ita").get("ag-l2") != null);
        seats.put("seats.nb", "1");
        licence.update(seats);
        await("the most recent login, ag-l2, to be logged out of every node", Duration.ofSeconds(20),
                () -> node("na").agents("ita").get("ag-l2") == null && node("nb").agents("ita").get("ag-l2") == null);
        assertTrue("the earlier login, ag-l1, keeps its seat on na", node("na").agents("ita").get("ag-l1") != null);
        assertTrue("and on nb", node("nb").agents("ita").get("ag-l1") != null);

        seats.put("seats.nb", "0");
        licence.update(seats);
        try {
            await("ag-l1 to be logged out of every node", Duration.ofSeconds(20),
                    () -> node("na").agents("ita").get("ag-l1") == null
                            && node("nb").agents("ita").get("ag-l1") == null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; licenses " + get("/api/v1/licenses").body() + ", na "
                    + node("na").agents("ita") + ", nb " + node("nb").agents("ita"), e);
        }
        System.out.println("LICENSES: " + get("/api/v1/licenses").body());
        seats.put("seats", "-1");
        seats.remove("seats.nb");
        licence.update(seats);
    }
}
