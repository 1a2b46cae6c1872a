package io.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Boots the built distribution as a user would run it (simulator included), feeds events over
 * HTTP and reads states and statistics back over HTTP and through the shell.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends ItSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Ports PORTS = new Ports(18181, 18101, 11099, 44441, 15801);
    private static final int TCP_PORT = 17121;
    /** The embedded broker's acceptor (switchboard-broker), moved off its default 61616 in etc/switchboard-broker.xml. */
    private static final int BROKER_PORT = 17616 + Integer.getInteger(PORT_OFFSET, 0);
    private static final String BROKER_URL = "tcp://127.0.0.1:" + BROKER_PORT;

    @Configuration
    public Option[] config() {
        List<Option> options = containerOptions(switchboardDistribution(), "distribution", PORTS);
        options.add(editConfigurationFilePut("etc/io.switchboard.adapter.tcp.cfg", "port", Integer.toString(TCP_PORT)));
        // a Karaf administrator (role admin), the only kind of user Jolokia lets in
        options.add(editConfigurationFilePut("etc/users.properties", "jmxadmin", "jmx,admin"));
        // who may play recordings back (API.md "Recording")
        options.add(editConfigurationFilePut("etc/users.properties", "listener", "listen-pw,switchboard-recording"));
        // the broker feature keeps an etc/switchboard-broker.xml that is there: ours, on a port of this suite
        options.add(replaceConfigurationFile("etc/switchboard-broker.xml", brokerXml()));
        // Pax Exam's own javax.inject is 1.0, Artemis' feature 1.2: with 1.0 alone at boot, installing the
        // broker swapped it for 1.2 and refreshed the test probe under the running test
        options.add(org.ops4j.pax.exam.CoreOptions.mavenBundle("org.apache.geronimo.specs",
                "geronimo-atinject_1.0_spec", "1.2"));
        return options.toArray(new Option[0]);
    }

    /** The distribution's etc/switchboard-broker.xml with the acceptor on {@link #BROKER_PORT}, as a user would edit it. */
    private static java.io.File brokerXml() {
        try {
            String xml = Files.readString(Paths.get("..", "etc", "switchboard-broker.xml"));
            String acceptor = "tcp://127.0.0.1:61616";
            if (!xml.contains(acceptor)) {
                throw new IllegalStateException("etc/switchboard-broker.xml has no acceptor " + acceptor);
            }
            java.nio.file.Path out = Paths.get("target", "it-switchboard-broker.xml");
            Files.createDirectories(out.getParent());
            Files.writeString(out, xml.replace(acceptor, BROKER_URL));
            return out.toFile();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Override
    protected int httpPort() {
        return PORTS.http();
    }

    private static String event(String type, int seq, String ts, String more) {
        return "{\"type\":\"" + type + "\",\"ts\":\"" + ts + "\",\"source\":\"it-pbx\",\"seq\":" + seq
                + ",\"tenant\":\"acme\"" + more + "}";
    }

    @Test
    public void postedEventsShowInAgentStateWaitingCallsAndShell() throws Exception {
        awaitUp(Duration.ofSeconds(120));

        String body = String.join("\n",
                event("AgentLogin", 1, "2026-03-02T09:00:00.000Z", ",\"agent\":\"a1\",\"dn\":\"5001\",\"place\":\"p1\""),
                event("AgentReady", 2, "2026-03-02T09:00:05.000Z", ",\"agent\":\"a1\",\"dn\":\"5001\""),
                event("CallQueued", 3, "2026-03-02T09:01:00.000Z", ",\"call\":\"c1\",\"queue\":\"sales\""),
                event("CallQueued", 4, "2026-03-02T09:01:10.000Z", ",\"call\":\"c2\",\"queue\":\"sales\""),
                event("CallQueued", 5, "2026-03-02T09:01:20.000Z", ",\"call\":\"c3\",\"queue\":\"sales\""),
                event("CallDiverted", 6, "2026-03-02T09:01:30.000Z", ",\"call\":\"c1\",\"queue\":\"sales\",\"dn\":\"5001\""),
                event("CallRinging", 7, "2026-03-02T09:01:30.000Z", ",\"call\":\"c1\",\"agent\":\"a1\",\"dn\":\"5001\""),
                event("CallEstablished", 8, "2026-03-02T09:01:35.000Z", ",\"call\":\"c1\",\"agent\":\"a1\",\"dn\":\"5001\""),
                "{not json",
                event("CallHeld", 9, "yesterday", ",\"call\":\"c1\",\"agent\":\"a1\",\"dn\":\"5001\""));
        HttpResponse<String> r = post("/api/v1/events", body);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode answer = json(r);
        assertEquals(8, answer.get("accepted").asInt());
        assertEquals(0, answer.get("duplicates").asInt());
        assertEquals(2, answer.get("rejected").size());
        assertEquals(9, answer.get("rejected").get(0).get("line").asInt());
        assertTrue(answer.get("rejected").get(1).get("error").asText(),
                answer.get("rejected").get(1).get("error").asText().contains("'ts'"));

        // the same batch again changes nothing
        JsonNode again = json(post("/api/v1/events", body));
        assertEquals(0, again.get("accepted").asInt());
        assertEquals(8, again.get("duplicates").asInt());

        JsonNode state = json(get("/api/v1/objects/acme/Agent/a1/state"));
        assertEquals("CallInbound", state.get("status").asText());
        assertEquals("as events give instants: with milliseconds", "2026-03-02T09:01:35.000Z", state.get("since").asText());
        assertEquals("5001", state.get("dns").get(0).get("dn").asText());
        assertEquals("c1", state.get("dns").get(0).get("call").asText());

        assertEquals("CallInbound", json(get("/api/v1/objects/acme/Place/p1/state")).get("status").asText());
        assertEquals("CallInbound", json(get("/api/v1/objects/acme/DN/5001/state")).get("status").asText());

        JsonNode waiting = json(post("/api/v1/stats/peek",
                "{\"statType\":\"CallsWaiting\",\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\",\"id\":\"sales\"}}"));
        assertEquals(2, waiting.get("value").asInt());
        JsonNode inline = json(post("/api/v1/stats/peek", "{\"statType\":{\"category\":\"CurrentNumber\","
                + "\"objects\":[\"Tenant\"],\"mask\":[\"CallWait\"]},"
                + "\"object\":{\"tenant\":\"acme\",\"type\":\"Tenant\",\"id\":\"acme\"}}"));
        assertEquals(2, inline.get("value").asInt());

        // history-based statistics over the whole history ("Always"): the events are from March
        String sales = ",\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\",\"id\":\"sales\"},\"timeProfile\":\"Always\"}";
        assertEquals(3, json(post("/api/v1/stats/peek", "{\"statType\":\"CallsEntered\"" + sales)).get("value").asInt());
        // c1 queued 09:01:00, answered 09:01:35
        assertEquals(35.0, json(post("/api/v1/stats/peek", "{\"statType\":\"ASA\"" + sales)).get("value").asDouble(),
                0.0);
        assertEquals(0.0, json(post("/api/v1/stats/peek", "{\"statType\":\"ServiceLevel20s\"" + sales))
                .get("value").asDouble(), 0.0);

        HttpResponse<String> bad = post("/api/v1/stats/peek", "{\"statType\":\"CallsWaiting\","
                + "\"object\":{\"tenant\":\"acme\",\"type\":\"Queu\",\"id\":\"sales\"}}");
        assertEquals(400, bad.statusCode());
        assertEquals("object.type", json(bad).get("detail").asText());

        String stateOut = executeCommand("switchboard:state acme Agent a1");
        assertTrue(stateOut, stateOut.contains("CallInbound"));
        assertTrue(stateOut, stateOut.contains("5001"));
        String peekOut = executeCommand("switchboard:peek CallsWaiting acme Queue sales");
        assertTrue(peekOut, peekOut.matches("(?s).*acme/Queue/sales\\s*\\|\\s*2\\s*\\|.*"));
        String statusOut = executeCommand("switchboard:status");
        assertTrue(statusOut, statusOut.contains("it-pbx"));
        assertTrue("the journal's state is shown: " + statusOut,
                statusOut.contains("Waiting for the engine") && statusOut.matches("(?s).*\\|\\s*ok\\s*\n.*"));
        String sourcesOut = executeCommand("switchboard:sources");
        assertTrue(sourcesOut, sourcesOut.matches("(?s).*it-pbx\\s*\\|\\s*8\\s*\\|\\s*8\\s*\\|\\s*8\\s*\\|\\s*2\\s*\\|.*"));
    }

    @Test
    public void tcpPortTakesEventsWithHelloAcksNacksAndResume() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        try (Socket socket = helloTcp()) {
            BufferedReader in = reader(socket);
            Writer out = writer(socket);
            assertEquals("{\"source\":\"tcp-pbx\",\"lastSeq\":0}", in.readLine());
            out.write(tcpEvent(1, "AgentLogin", ",\"agent\":\"t1\",\"dn\":\"6001\"") + "\n");
            out.write(tcpEvent(2, "AgentNotReady", ",\"agent\":\"t1\",\"dn\":\"6001\"") + "\n");
            out.write("{\"type\":\"AgentReady\",\"seq\":3,\"source\":\"tcp-pbx\"}\n");
            out.flush();
            String line;
            boolean nacked = false;
            boolean acked = false;
            while (!(nacked && acked) && (line = in.readLine()) != null) {
                if (line.startsWith("{\"nack\":3,")) {
                    nacked = true;
                    assertTrue(line, line.contains("'ts'"));
                } else if (line.equals("{\"ack\":2}")) {
                    acked = true;
                }
            }
            assertTrue(nacked && acked);
        }
        assertEquals("NotReadyForNextCall", json(get("/api/v1/objects/tcp/Agent/t1/state")).get("status").asText());
        try (Socket socket = helloTcp()) {
            BufferedReader in = reader(socket);
            Writer out = writer(socket);
            assertEquals("{\"source\":\"tcp-pbx\",\"lastSeq\":2}", in.readLine());
            out.write(tcpEvent(2, "AgentNotReady", ",\"agent\":\"t1\",\"dn\":\"6001\"") + "\n");
            out.write(tcpEvent(3, "AgentReady", ",\"agent\":\"t1\",\"dn\":\"6001\"") + "\n");
            out.flush();
            String line;
            while ((line = in.readLine()) != null && !line.equals("{\"ack\":3}")) {
                assertTrue(line, line.startsWith("{\"ack\""));
            }
        }
        assertEquals("WaitForNextCall", json(get("/api/v1/objects/tcp/Agent/t1/state")).get("status").asText());
    }

    /** Connects to the TCP port and says hello as source tcp-pbx. */
    private static Socket helloTcp() throws Exception {
        // the port comes up after the bus (and again after a restart of the grid under it)
        Socket[] connected = new Socket[1];
        await("the TCP event port to accept", Duration.ofSeconds(60), () -> {
            connected[0] = new Socket("127.0.0.1", TCP_PORT);
            return true;
        });
        Socket socket = connected[0];
        socket.setSoTimeout(10_000);
        Writer out = writer(socket);
        out.write("{\"hello\":\"tcp-pbx\"}\n");
        out.flush();
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static Writer writer(Socket socket) throws Exception {
        return new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
    }

    private static String tcpEvent(int seq, String type, String more) {
        return "{\"type\":\"" + type + "\",\"ts\":\"2026-03-02T10:00:0" + seq + ".000Z\",\"source\":\"tcp-pbx\","
                + "\"seq\":" + seq + ",\"tenant\":\"tcp\"" + more + "}";
    }

    @Test
    public void writesNeedAUserOfTheKarafRealmWithARoleAndReadsAreOpen() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String line = event("it-access", 1, "2026-03-02T09:00:00.000Z", "AgentLogin",
                ",\"agent\":\"acc-1\",\"dn\":\"6001\"");

        HttpResponse<String> anonymous = postAs(null, null, "/api/v1/events", line);
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertTrue(anonymous.body(), json(anonymous).get("error").asText().contains("switchboard-source"));
        HttpResponse<String> wrongPassword = postAs("feeder", "guess", "/api/v1/events", line);
        assertEquals(401, wrongPassword.statusCode());
        HttpResponse<String> noRole = postAs("nobody", "nobody", "/api/v1/events", line);
        assertEquals(noRole.body(), 403, noRole.statusCode());
        assertEquals("role", json(noRole).get("detail").asText());
        assertFalse("nothing of the refused posts was taken",
                executeCommand("switchboard:sources").contains("it-access"));

        HttpResponse<String> source = postAs("feeder", "feed", "/api/v1/events", line);
        assertEquals(source.body(), 200, source.statusCode());
        assertEquals(1, json(source).get("accepted").asInt());
        HttpResponse<String> sourceChangingTypes = putAs("feeder", "feed", "/api/v1/stattypes/Sneaky",
                "{\"category\":\"TotalNumber\",\"mask\":[\"CallAnswered\"]}");
        assertEquals("a source may not change stat types", 403, sourceChangingTypes.statusCode());
        HttpResponse<String> anonymousConfig = postAs(null, null, "/api/v1/config/import", "{\"objects\":[]}");
        assertEquals(401, anonymousConfig.statusCode());

        assertEquals("reads need nobody", 200, get("/api/v1/objects/acme/Agent/acc-1/state").statusCode());
        HttpResponse<String> peek = postAs(null, null, "/api/v1/stats/peek", "{\"statType\":\"CallsWaiting\","
                + "\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\",\"id\":\"sales\"}}");
        assertEquals("peeking is a read", 200, peek.statusCode());
    }

    @Test
    public void healthReportsEveryPartAndTheDatabaseLivesUnderData() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        JsonNode health = json(get("/api/v1/health"));
        for (String check : List.of("grid", "bus", "engine", "database")) {
            assertEquals(check, "UP", health.get("checks").get(check).get("status").asText());
        }
        assertTrue(Files.isDirectory(Paths.get(System.getProperty("karaf.data"), "derby", "switchboard")));
        // the sample configuration was seeded: the demo tenant's groups have members
        JsonNode ready = json(post("/api/v1/stats/peek",
                "{\"statType\":\"AgentsLoggedIn\",\"object\":{\"tenant\":\"demo\",\"type\":\"AgentGroup\","
                        + "\"id\":\"sales-team\"}}"));
        assertEquals(200, get("/api/v1/health").statusCode());
        assertTrue(ready.toString(), ready.get("value").isNumber());
        // what is no resource, or no method of one, answers in the API's error JSON too
        HttpResponse<String> nothing = get("/api/v1/nothing-here");
        assertEquals(nothing.body(), 404, nothing.statusCode());
        assertEquals(nothing.body(), 404, json(nothing).get("code").asInt());
        HttpResponse<String> patch = send("PATCH", "/api/v1/config/demo/Agent/agent-001");
        assertEquals(patch.body(), 405, patch.statusCode());
        assertEquals(patch.body(), "method", json(patch).get("detail").asText());
        await("the sales team to log in", Duration.ofSeconds(60), () -> json(post("/api/v1/stats/peek",
                "{\"statType\":\"AgentsLoggedIn\",\"object\":{\"tenant\":\"demo\",\"type\":\"AgentGroup\","
                        + "\"id\":\"sales-team\"}}")).get("value").asInt() > 0);
    }

    @Test
    public void statTypesAndTimeProfilesCanBeListedReplacedAndUsed() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        JsonNode types = json(get("/api/v1/stattypes"));
        assertTrue(types.toString(), types.get("statTypes").size() >= 20);
        assertEquals("CallWait", json(get("/api/v1/stattypes/CallsWaiting")).get("mask").get(0).asText());
        assertEquals("growing", json(get("/api/v1/timeprofiles")).get("timeProfiles").get("Default").get("type")
                .asText());

        HttpResponse<String> put = put("/api/v1/stattypes/ChatsWaiting", "{\"objects\":[\"Queue\"],"
                + "\"category\":\"CurrentNumber\",\"mask\":[\"CallWait\"]}");
        assertEquals(put.body(), 200, put.statusCode());
        post("/api/v1/events", event("it-defs", 20, "2026-03-02T09:05:00.000Z", "CallQueued",
                ",\"call\":\"chat-1\",\"queue\":\"web\",\"media\":\"chat\""));
        JsonNode chats = json(post("/api/v1/stats/peek", "{\"statType\":\"ChatsWaiting\",\"object\":{\"tenant\":"
                + "\"acme\",\"type\":\"Queue\",\"id\":\"web\"},\"filter\":{\"media\":[\"chat\"]}}"));
        assertEquals(1, chats.get("value").asInt());

        HttpResponse<String> badMask = put("/api/v1/stattypes/Broken", "{\"category\":\"TotalNumber\","
                + "\"mask\":[\"CallWaited\"]}");
        assertEquals(400, badMask.statusCode());
        assertEquals("statType.mask", json(badMask).get("detail").asText());
        HttpResponse<String> badProfile = put("/api/v1/timeprofiles/Weird", "{\"type\":\"wobbly\"}");
        assertEquals(400, badProfile.statusCode());
        HttpResponse<String> unknownProfile = post("/api/v1/stats/peek", "{\"statType\":\"CallsWaiting\","
                + "\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\",\"id\":\"web\"},\"timeProfile\":\"Nope\"}");
        assertEquals(400, unknownProfile.statusCode());
        assertEquals("timeProfile", json(unknownProfile).get("detail").asText());
    }

    @Test
    public void aCategoryPluginCanBeInstalledAndUninstalledOnTheRunningServer() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String events = String.join("\n",
                event("it-plugin", 101, "2026-03-02T10:00:00.000Z", "CallQueued", ",\"call\":\"p1\",\"queue\":\"p90q\""),
                event("it-plugin", 102, "2026-03-02T10:00:30.000Z", "CallDiverted", ",\"call\":\"p1\",\"queue\":\"p90q\",\"dn\":\"1\""));
        assertEquals(2, json(post("/api/v1/events", events)).get("accepted").asInt());
        assertEquals(200, put("/api/v1/stattypes/WaitP90", "{\"objects\":[\"Queue\"],\"category\":\"Java:P90\","
                + "\"mask\":[\"CallWait\"]}").statusCode());
        String peek = "{\"statType\":\"WaitP90\",\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\","
                + "\"id\":\"p90q\"},\"timeProfile\":\"Always\"}";
        assertEquals(501, post("/api/v1/stats/peek", peek).statusCode());

        executeCommand("feature:install switchboard-category-percentile");
        await("Java:P90 to answer", Duration.ofSeconds(30), () -> post("/api/v1/stats/peek", peek).statusCode() == 200);
        assertEquals(30.0, json(post("/api/v1/stats/peek", peek)).get("value").asDouble(), 0.0);
        // an open statistic of the plug-in's category
        HttpResponse<String> opened = post("/api/v1/stats", peek);
        assertEquals(opened.body(), 201, opened.statusCode());
        String ref = json(opened).get("ref").asText();
        assertEquals(30.0, json(get("/api/v1/stats/" + ref)).get("value").asDouble(), 0.0);

        executeCommand("feature:uninstall switchboard-category-percentile");
        await("Java:P90 to be gone", Duration.ofSeconds(30), () -> post("/api/v1/stats/peek", peek).statusCode() == 501);
        // the open statistic stays in the pool and says why it has no value
        HttpResponse<String> gone = get("/api/v1/stats/" + ref);
        assertEquals(501, gone.statusCode());
        assertTrue(gone.body(), gone.body().contains("Java:P90"));

        executeCommand("feature:install switchboard-category-percentile");
        await("the open statistic to come back", Duration.ofSeconds(30),
                () -> get("/api/v1/stats/" + ref).statusCode() == 200);
        assertEquals(30.0, json(get("/api/v1/stats/" + ref)).get("value").asDouble(), 0.0);
    }

    @Test
    public void statisticsOpenPeekCloseAndStreamOverSse() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String open = "{\"statType\":\"CallsWaiting\",\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\","
                + "\"id\":\"sse-q\"},\"notification\":{\"mode\":\"changes\"}}";
        HttpResponse<String> opened = post("/api/v1/stats", open);
        assertEquals(opened.body(), 201, opened.statusCode());
        String ref = json(opened).get("ref").asText();
        assertEquals(0, json(opened).get("value").asInt());
        assertEquals("the same definition is the same statistic", ref, json(post("/api/v1/stats", open)).get("ref").asText());

        List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream = client.sendAsync(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + PORTS.http()
                        + "/api/v1/stats/stream?refs=" + ref)).build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> stream.join().body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        await("the current value first", Duration.ofSeconds(20),
                () -> lines.stream().anyMatch(l -> l.startsWith("data: {\"ref\":\"" + ref + "\",\"value\":0,")));
        post("/api/v1/events", event("it-sse", 201, "2026-03-02T11:00:00.000Z", "CallQueued", ",\"call\":\"s1\",\"queue\":\"sse-q\""));
        await("a notification of the change", Duration.ofSeconds(20),
                () -> lines.stream().anyMatch(l -> l.startsWith("data: {\"ref\":\"" + ref + "\",\"value\":1,")));
        assertTrue(lines.contains("event: stat"));

        HttpResponse<String> closed = send("DELETE", "/api/v1/stats/" + ref);
        assertEquals(204, closed.statusCode());
        assertEquals("still running in the pool", 1, json(get("/api/v1/stats/" + ref)).get("value").asInt());
        assertEquals(404, get("/api/v1/stats/nope").statusCode());
        assertEquals(400, post("/api/v1/stats", "{\"statType\":\"CallsWaiting\",\"object\":{\"tenant\":\"acme\","
                + "\"type\":\"Queue\",\"id\":\"q\"},\"notification\":{\"mode\":\"sometimes\"}}").statusCode());
        stream.cancel(true);
    }

    @Test
    public void configurationObjectsAreImportedReadReplacedAndDeleted() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        HttpResponse<String> imported = post("/api/v1/config/import", "{\"objects\":["
                + "{\"tenant\":\"cfg\",\"type\":\"Agent\",\"id\":\"a1\",\"name\":\"Ann Lee\"},"
                + "{\"tenant\":\"cfg\",\"type\":\"AgentGroup\",\"id\":\"team\",\"members\":[\"a1\"]}]}");
        assertEquals(imported.body(), 200, imported.statusCode());
        assertEquals(2, json(imported).get("imported").asInt());
        assertEquals("Ann Lee", json(get("/api/v1/config/cfg/Agent/a1")).get("name").asText());
        HttpResponse<String> invalid = post("/api/v1/config/import", "{\"objects\":["
                + "{\"tenant\":\"cfg\",\"type\":\"Agent\",\"id\":\"a2\"},"
                + "{\"tenant\":\"cfg\",\"type\":\"Queen\",\"id\":\"x\"}]}");
        assertEquals(400, invalid.statusCode());
        assertEquals("objects[1].type", json(invalid).get("detail").asText());
        assertEquals("nothing half-applied", 404, get("/api/v1/config/cfg/Agent/a2").statusCode());
        assertEquals(200, put("/api/v1/config/cfg/AgentGroup/team", "{\"members\":[\"a1\",\"a3\"]}").statusCode());
        assertEquals(2, json(get("/api/v1/config/cfg/AgentGroup/team")).get("members").size());
        assertEquals(204, send("DELETE", "/api/v1/config/cfg/AgentGroup/team").statusCode());
        assertEquals(404, get("/api/v1/config/cfg/AgentGroup/team").statusCode());
    }

    @Test
    public void aQueueLogFileIsReplayedWithItsProgressInTheShell() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        java.nio.file.Path log = Paths.get(System.getProperty("switchboard.shared"), "data", "queue_log",
                "pbxware-it-2018.queue_log");
        assertTrue(log + " is there", Files.isRegularFile(log));
        org.osgi.service.cm.ConfigurationAdmin cm = bundleContext.getService(
                bundleContext.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class));
        org.osgi.service.cm.Configuration c = cm.createFactoryConfiguration("io.switchboard.adapter.queuelog", "?");
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("file", log.toString());
        props.put("tenant", "qlfile");
        props.put("source", "pbxware-file");
        props.put("mode", "replay");
        c.update(props);
        try {
            await("the replay to finish", Duration.ofSeconds(60),
                    () -> executeCommand("switchboard:queue-logs").contains("done"));
            String table = executeCommand("switchboard:queue-logs");
            assertTrue(table, table.contains("pbxware-file") && table.contains("replay") && table.contains("100"));
            assertTrue(table, table.contains("1249"));
            assertTrue(executeCommand("switchboard:sources").contains("pbxware-file"));
        } finally {
            c.delete();
        }
    }

    @Test
    public void queueLogLinesArePostedMappedAndCounted() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String log = String.join("\n",
                "1772442000|c1|support|NONE|ENTERQUEUE||+15550001|1",
                "1772442000|c2|support|NONE|ENTERQUEUE||+15550002|2",
                "1772442005|c1|support|SIP/201|RINGNOANSWER|4000",
                "1772442010|c1|support|Local/202@from-queue/n|CONNECT|10|1772442000.1|3",
                "1772442020|c2|support|NONE|ABANDON|1|2|20",
                "garbage",
                "1772442070|c1|support|Agent/202|COMPLETECALLER|10|60|1", "");
        // as curl -d / --data-binary posts it: a form content type must not eat the body
        HttpResponse<String> r = postLikeCurl("/api/v1/events/queue-log?tenant=ql&source=asterisk-1", log);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode answer = json(r);
        // answered by line: six lines taken, the garbage one rejected by number
        assertEquals(r.body(), 6, answer.get("accepted").asInt());
        assertEquals(0, answer.get("duplicates").asInt());
        assertEquals(1, answer.get("rejected").size());
        assertEquals(6, answer.get("rejected").get(0).get("line").asInt());
        String q = ",\"object\":{\"tenant\":\"ql\",\"type\":\"Queue\",\"id\":\"support\"},\"timeProfile\":\"Always\"}";
        assertEquals(2, json(post("/api/v1/stats/peek", "{\"statType\":\"CallsEntered\"" + q)).get("value").asInt());
        assertEquals(1, json(post("/api/v1/stats/peek", "{\"statType\":\"CallsAnswered\"" + q)).get("value").asInt());
        assertEquals(1, json(post("/api/v1/stats/peek", "{\"statType\":\"CallsAbandoned\"" + q)).get("value").asInt());
        // SIP/201 and Local/202@... are agents 201 and 202; 202 talked and is logged out of the call
        assertEquals("LoggedOut", json(get("/api/v1/objects/ql/Agent/202/state")).get("status").asText());
        assertEquals(1, json(post("/api/v1/stats/peek", "{\"statType\":\"CallsAnswered\",\"object\":{\"tenant\":"
                + "\"ql\",\"type\":\"Agent\",\"id\":\"202\"},\"timeProfile\":\"Always\"}")).get("value").asInt());
        // the same lines again are duplicates
        JsonNode again = json(post("/api/v1/events/queue-log?tenant=ql&source=asterisk-1", log));
        assertEquals(again.toString(), 0, again.get("accepted").asInt());
        assertEquals(again.toString(), 6, again.get("duplicates").asInt());
    }

    @Test
    public void aRestartedGridIsRebuiltFromTheJournalWithoutLossOrDoubleCounting() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String events = String.join("\n",
                event("it-restart", 1, "2026-03-02T12:00:00.000Z", "AgentLogin", ",\"agent\":\"r1\",\"dn\":\"7001\""),
                event("it-restart", 2, "2026-03-02T12:00:01.000Z", "CallQueued", ",\"call\":\"rc1\",\"queue\":\"rq\""),
                event("it-restart", 3, "2026-03-02T12:00:05.000Z", "CallQueued", ",\"call\":\"rc2\",\"queue\":\"rq\""),
                event("it-restart", 4, "2026-03-02T12:00:09.000Z", "CallAbandoned", ",\"call\":\"rc1\",\"queue\":\"rq\""));
        assertEquals(4, json(post("/api/v1/events", events)).get("accepted").asInt());
        String entered = "{\"statType\":\"CallsEntered\",\"object\":{\"tenant\":\"acme\",\"type\":\"Queue\","
                + "\"id\":\"rq\"},\"timeProfile\":\"Always\"}";
        String abandonTime = entered.replace("CallsEntered", "AverageAbandonTime");
        assertEquals(2, json(post("/api/v1/stats/peek", entered)).get("value").asInt());
        String ref = json(post("/api/v1/stats", entered)).get("ref").asText();

        // the whole grid goes (a one-node cluster restarting): everything in memory is lost
        executeCommand("bundle:restart io.switchboard.grid");
        awaitUp(Duration.ofSeconds(120));
        await("the journal replay", Duration.ofSeconds(60),
                () -> json(post("/api/v1/stats/peek", entered)).get("value").asInt() == 2);
        assertEquals(8.0, json(post("/api/v1/stats/peek", abandonTime)).get("value").asDouble(), 0.0);
        assertEquals("LoggedIn", json(get("/api/v1/objects/acme/Agent/r1/state")).get("status").asText());
        // the statistic pool came back from its backup, with its value from the journal
        assertEquals(2, json(get("/api/v1/stats/" + ref)).get("value").asInt());
        // the source resumes where it was: a resend is a duplicate, the next event counts
        JsonNode again = json(post("/api/v1/events", events + "\n"
                + event("it-restart", 5, "2026-03-02T12:00:20.000Z", "CallQueued", ",\"call\":\"rc3\",\"queue\":\"rq\"")));
        assertEquals(4, again.get("duplicates").asInt());
        assertEquals(1, again.get("accepted").asInt());
        assertEquals(3, json(post("/api/v1/stats/peek", entered)).get("value").asInt());
    }

    @Test
    public void anAgentReportedByTwoSourcesOnTwoMediaHasOneComposedStatus() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String voice = String.join("\n",
                event("it-tserver", 1, "2026-03-02T14:00:00.000Z", "AgentLogin", ",\"agent\":\"m1\",\"dn\":\"8001\""),
                event("it-tserver", 2, "2026-03-02T14:00:01.000Z", "AgentNotReady", ",\"agent\":\"m1\",\"dn\":\"8001\""));
        String chat = String.join("\n",
                event("it-ixn", 1, "2026-03-02T14:00:02.000Z", "AgentLogin", ",\"agent\":\"m1\",\"media\":\"chat\""),
                event("it-ixn", 2, "2026-03-02T14:00:03.000Z", "AgentReady", ",\"agent\":\"m1\",\"media\":\"chat\""));
        assertEquals(2, json(post("/api/v1/events", voice)).get("accepted").asInt());
        assertEquals(2, json(post("/api/v1/events", chat)).get("accepted").asInt());
        JsonNode state = json(get("/api/v1/objects/acme/Agent/m1/state"));
        // not ready on voice outranks ready on chat
        assertEquals("NotReadyForNextCall", state.get("status").asText());
        assertEquals(2, state.get("dns").size());
        post("/api/v1/events", event("it-ixn", 3, "2026-03-02T14:00:10.000Z", "CallRinging",
                ",\"agent\":\"m1\",\"media\":\"chat\",\"call\":\"chat-9\""));
        state = json(get("/api/v1/objects/acme/Agent/m1/state"));
        assertEquals("CallRinging", state.get("status").asText());
        assertEquals("2026-03-02T14:00:10.000Z", state.get("since").asText());
    }

    @Test
    public void jmxShowsTheEngineAndEachSource() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        assertEquals(1, json(post("/api/v1/events", event("it-jmx", 1, "2026-03-02T13:00:00.000Z", "CallQueued",
                ",\"call\":\"j1\",\"queue\":\"jq\""))).get("accepted").asInt());
        javax.management.MBeanServer server = bundleContext.getService(
                bundleContext.getServiceReference(javax.management.MBeanServer.class));
        javax.management.ObjectName engine = new javax.management.ObjectName("io.switchboard:type=Engine");
        await("the engine MBean", Duration.ofSeconds(30), () -> server.isRegistered(engine));
        assertTrue((Long) server.getAttribute(engine, "Objects") > 0);
        assertTrue((Long) server.getAttribute(engine, "EventsApplied") > 0);
        javax.management.ObjectName source = new javax.management.ObjectName(
                "io.switchboard:type=Source,name=\"it-jmx\"");
        await("the source MBean", Duration.ofSeconds(30), () -> server.isRegistered(source));
        assertEquals(1L, server.getAttribute(source, "LastSeq"));
        assertEquals(1L, server.getAttribute(source, "Accepted"));
    }

    @Test
    public void metricsAreScrapedInThePrometheusTextFormatOnTheHttpPort() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        assertEquals(1, json(post("/api/v1/events", event("it-metrics", 1, "2026-03-02T13:10:00.000Z", "CallQueued",
                ",\"call\":\"m1\",\"queue\":\"mq\""))).get("accepted").asInt());
        // the source MBean the scrape reads appears with the source's first event
        await("the it-metrics source in /metrics", Duration.ofSeconds(30),
                () -> get("/metrics").body().contains("switchboard_events_accepted_total{source=\"it-metrics\"} 1.0"));
        HttpResponse<String> scrape = get("/metrics");
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse(""),
                scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String body = scrape.body();
        for (String family : List.of("switchboard_events_accepted_total counter", "switchboard_events_rejected_total counter",
                "switchboard_events_duplicate_total counter", "switchboard_journal_commits_total counter",
                "switchboard_journal_lag_events gauge", "switchboard_engine_events_applied_total counter",
                "switchboard_engine_apply_rate_events_per_second gauge", "switchboard_statistics_open gauge",
                "switchboard_notifications_sent_total counter", "switchboard_sse_clients gauge")) {
            assertTrue(family + " in\n" + body, body.contains("# TYPE " + family + "\n"));
        }
        // every non-comment line is "name{labels} value": what a Prometheus server would reject is caught here too
        for (String line : body.split("\n")) {
            assertTrue(line, line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? \\S+"));
        }
    }

    /** An event of its own source per test, so tests can run in any order. */
    private static String event(String source, int seq, String ts, String type, String more) {
        return "{\"type\":\"" + type + "\",\"ts\":\"" + ts + "\",\"source\":\"" + source + "\",\"seq\":" + seq
                + ",\"tenant\":\"acme\"" + more + "}";
    }

    @Test
    public void simulatorFeedsTheDemoTenant() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        await("simulated agents to log in", Duration.ofSeconds(60), () -> json(post("/api/v1/stats/peek",
                "{\"statType\":\"AgentsLoggedIn\",\"object\":{\"tenant\":\"demo\",\"type\":\"Tenant\",\"id\":\"demo\"}}"))
                .get("value").asInt() > 0);
        await("the simulator in switchboard:status", Duration.ofSeconds(10),
                () -> executeCommand("switchboard:status").contains("simulator"));
    }

    @Test
    public void jolokiaAnswersKarafAdministratorsOnly() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String version = "{\"type\":\"version\"}";
        // Jolokia registers its servlet a moment after our health check is up
        await("Jolokia to answer an administrator", Duration.ofSeconds(60),
                () -> postAs("jmxadmin", "jmx", "/jolokia", version).statusCode() == 200);
        HttpResponse<String> search = postAs("jmxadmin", "jmx", "/jolokia",
                "{\"type\":\"search\",\"mbean\":\"io.switchboard:*\"}");
        assertEquals(search.body(), 200, search.statusCode());
        assertTrue(search.body(), search.body().contains("io.switchboard:type=Engine"));
        assertEquals("a Switchboard administrator is no Karaf administrator", 403,
                postAs(ADMIN, ADMIN_PASSWORD, "/jolokia", version).statusCode());
        assertEquals("a user without roles", 403, postAs("nobody", "nobody", "/jolokia", version).statusCode());
        assertEquals("a wrong password", 403, postAs("jmxadmin", "guess", "/jolokia", version).statusCode());
        assertEquals("no credentials", 403, postAs(null, null, "/jolokia", version).statusCode());
        assertEquals("nor by GET", 403, send("GET", "/jolokia/exec/io.switchboard:type=Engine/toString").statusCode());
    }

    @Test
    public void theWallboardPageAndItsScriptAreServedAndTheirStatisticsOpen() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        await("the wallboard page", Duration.ofSeconds(60), () -> get("/wallboard/").statusCode() == 200);
        HttpResponse<String> page = get("/wallboard/");
        assertTrue(page.body(), page.body().contains("wallboard.js"));
        HttpResponse<String> script = get("/wallboard/wallboard.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertEquals(404, get("/wallboard/nothing.js").statusCode());
        // the page's inline stat type for agents in after-call work, opened as the page opens it
        HttpResponse<String> acw = postAs(null, null, "/api/v1/stats", "{\"statType\":{\"category\":\"CurrentNumber\","
                + "\"subject\":\"Status\",\"objects\":[\"AgentGroup\",\"PlaceGroup\",\"Tenant\"],"
                + "\"mask\":[\"AfterCallWork\"]},\"object\":{\"tenant\":\"demo\",\"type\":\"Tenant\","
                + "\"id\":\"demo\"},\"timeProfile\":\"Default\",\"notification\":{\"mode\":\"changes\"}}");
        assertEquals(acw.body(), 201, acw.statusCode());
    }

    /** GET of a binary body, as a user (null: no credentials). */
    private HttpResponse<byte[]> getBytesAs(String user, String password, String path) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + httpPort() + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    public void aCallIsRecordedFromItsEventsFoundAndPlayedBackByTheRecordingRoleOnly() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        executeCommand("feature:install switchboard-recording");
        await("the recording API", Duration.ofSeconds(120),
                () -> get("/api/v1/recording/rules/acme").statusCode() == 404);
        HttpResponse<String> rules = put("/api/v1/recording/rules/acme", "{\"agents\":[\"rec-agent\"]}");
        assertEquals(rules.body(), 200, rules.statusCode());
        HttpResponse<String> badRules = put("/api/v1/recording/rules/acme", "{\"percentage\":101}");
        assertEquals(400, badRules.statusCode());
        assertEquals("percentage", json(badRules).get("detail").asText());

        javax.management.MBeanServer server = bundleContext.getService(
                bundleContext.getServiceReference(javax.management.MBeanServer.class));
        javax.management.ObjectName ms1 = new javax.management.ObjectName(
                "io.switchboard:type=RecordingMediaServer,name=\"ms1\"");
        javax.management.ObjectName ms2 = new javax.management.ObjectName(
                "io.switchboard:type=RecordingMediaServer,name=\"ms2\"");
        // the media servers come with their configuration files, a moment after the feature
        await("both media servers", Duration.ofSeconds(60), () -> server.isRegistered(ms1) && server.isRegistered(ms2)
                && (Boolean) server.getAttribute(ms1, "Healthy") && (Boolean) server.getAttribute(ms2, "Healthy"));

        String now = java.time.Instant.now().toString();
        String call = ",\"call\":\"rec-c1\",\"agent\":\"rec-agent\",\"dn\":\"7001\"";
        assertEquals(1, json(post("/api/v1/events", event("it-rec", 1, now, "CallEstablished", call)))
                .get("accepted").asInt());
        String search = "/api/v1/recordings?tenant=acme&call=rec-c1";
        // a second of audio sealed in the store (and the catalog written, once a second)
        await("the recording with a second of audio in the catalog", Duration.ofSeconds(60), () -> {
            JsonNode found = json(get(search)).get("recordings");
            long bytes = 0;
            for (JsonNode seg : found.size() == 1 ? found.get(0).get("segments") : JSON.createArrayNode()) {
                bytes += seg.get("bytes").asLong();
            }
            return found.size() == 1 && bytes > 16_000;
        });
        JsonNode recording = json(get(search)).get("recordings").get(0);
        assertEquals("recording", recording.get("state").asText());
        assertTrue(recording.get("encrypted").asBoolean());
        assertTrue(recording.get("mediaServer").asText(), recording.get("mediaServer").asText().startsWith("ms"));
        String id = recording.get("id").asText();

        javax.management.ObjectName plane = new javax.management.ObjectName("io.switchboard:type=Recording");
        await("the recording MBean", Duration.ofSeconds(30), () -> server.isRegistered(plane));
        assertTrue((Integer) server.getAttribute(plane, "ActiveRecordings") >= 1);
        // two managers, not one named "rm-1,rm-2" from the .cfg file's list
        for (String m : List.of("rm-1", "rm-2")) {
            javax.management.ObjectName rm = new javax.management.ObjectName(
                    "io.switchboard:type=RecordingManager,name=\"" + m + "\"");
            await(m + " alive", Duration.ofSeconds(10),
                    () -> server.isRegistered(rm) && (Boolean) server.getAttribute(rm, "Alive"));
        }
        awaitEquals("the call on one media server", Duration.ofSeconds(10), 1,
                () -> (Integer) server.getAttribute(ms1, "Active") + (Integer) server.getAttribute(ms2, "Active"));
        String shell = executeCommand("switchboard:recordings");
        assertTrue(shell, shell.contains(id));

        String released = java.time.Instant.now().toString();
        assertEquals(1, json(post("/api/v1/events", event("it-rec", 2, released, "CallReleased", call)))
                .get("accepted").asInt());
        await("the recording to be done in the catalog", Duration.ofSeconds(30),
                () -> "done".equals(json(get(search)).get("recordings").get(0).get("state").asText()));
        recording = json(get(search)).get("recordings").get(0);
        JsonNode segments = recording.get("segments");
        assertTrue(segments.toString(), segments.get(segments.size() - 1).get("complete").asBoolean());
        assertEquals(1, json(get("/api/v1/recordings?agent=rec-agent&from=" + now)).get("recordings").size());
        assertEquals(0, json(get("/api/v1/recordings?agent=rec-agent&to=2000-01-01T00:00:00Z")).get("recordings")
                .size());
        HttpResponse<String> badFrom = get("/api/v1/recordings?from=yesterday");
        assertEquals(400, badFrom.statusCode());
        assertEquals("from", json(badFrom).get("detail").asText());

        String audio = "/api/v1/recordings/" + id + "/audio";
        assertEquals("no credentials", 401, getBytesAs(null, null, audio).statusCode());
        assertEquals("an administrator without the recording role", 403,
                getBytesAs(ADMIN, ADMIN_PASSWORD, audio).statusCode());
        HttpResponse<byte[]> wav = getBytesAs("listener", "listen-pw", audio);
        assertEquals(200, wav.statusCode());
        assertEquals("audio/wav", wav.headers().firstValue("Content-Type").orElse(""));
        assertEquals("RIFF", new String(wav.body(), 0, 4, StandardCharsets.US_ASCII));
        long millis = java.time.Instant.parse(recording.get("end").asText()).toEpochMilli()
                - java.time.Instant.parse(recording.get("start").asText()).toEpochMilli();
        assertEquals("8 kHz 16-bit mono for the whole call", 44 + millis * 16, wav.body().length);
        assertEquals(404, getBytesAs("listener", "listen-pw", "/api/v1/recordings/rec-none/audio").statusCode());
    }

    // ---- event-logger sinks and capture points, installed on the running server ----

    private FeaturesService features() {
        return bundleContext.getService(bundleContext.getServiceReference(FeaturesService.class));
    }

    private ConfigurationAdmin configAdmin() {
        return bundleContext.getService(bundleContext.getServiceReference(ConfigurationAdmin.class));
    }

    /**
     * Settings of a PID that has no configuration yet, in one update as {@code config:edit} ...
     * {@code config:update} makes it: three {@code config:property-set -p} in a row once lost the first
     * two to file install re-reading a half-written etc file, and the sink came up on its defaults.
     */
    private void configure(String pid, String... settings) throws Exception {
        StringBuilder script = new StringBuilder("config:edit " + pid);
        for (String setting : settings) {
            script.append("; config:property-set ").append(setting);
        }
        executeCommand(script.append("; config:update").toString());
        Dictionary<String, Object> now = configAdmin().getConfiguration(pid, "?").getProperties();
        for (String setting : settings) {
            String[] kv = setting.split(" ", 2);
            assertEquals(pid + " " + kv[0], kv[1], now == null ? null : now.get(kv[0]));
        }
    }

    /** Features installed as a user would (feature:install); the bus must not restart under them. */
    private void install(String... names) throws Exception {
        long bus = busContextId();
        for (String name : names) {
            features().installFeature(name);
        }
        assertEquals("the bus's Camel context is the one from before (no bundle refresh restarted it)", bus,
                busContextId());
    }

    private long busContextId() throws Exception {
        // getAll...: the assignability check of the others would load the class, and the probe's
        // dynamic wire to the Camel bundle would make the probe a bundle to refresh with it
        org.osgi.framework.ServiceReference<?>[] refs = bundleContext.getAllServiceReferences(null,
                "(&(objectClass=org.apache.camel.CamelContext)(camel.context.name=switchboard-bus))");
        assertTrue("the bus's Camel context is there", refs != null && refs.length == 1);
        return (Long) refs[0].getProperty(org.osgi.framework.Constants.SERVICE_ID);
    }

    /** Once the broker accepts connections (a JMS feature must be installed: the client is in it). */
    private void awaitBroker() throws Exception {
        await("the broker to accept connections on " + BROKER_PORT, Duration.ofSeconds(60), () -> {
            try (BrokerClient ignored = new BrokerClient(BROKER_URL)) {
                return true;
            }
        });
    }

    private static String sinkEvent(String source, int seq) {
        return "{\"type\":\"CallQueued\",\"ts\":\"2026-03-03T08:00:" + String.format("%02d", seq % 60)
                + ".000Z\",\"source\":\"" + source + "\",\"seq\":" + seq + ",\"tenant\":\"acme\","
                + "\"call\":\"jc-" + seq + "\",\"queue\":\"jq\"}";
    }

    /** Posts events {@code from}..{@code to} of {@code source}; all of them must be accepted. */
    private void postSinkEvents(String source, int from, int to) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int seq = from; seq <= to; seq++) {
            body.append(sinkEvent(source, seq)).append('\n');
        }
        HttpResponse<String> r = post("/api/v1/events", body.toString());
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals(r.body(), to - from + 1, json(r).get("accepted").asInt());
    }

    /**
     * Reads the queue's messages of {@code source} until seqs 1..{@code last} are all there and
     * then no more come for a while: how often each seq came (a repeat would come before the
     * newest, as the sink sends a source's events in journal order).
     */
    private static Map<Long, Integer> readUntil(BrokerClient.Receiver events, String source, int last,
            Map<Long, Integer> seen) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (seen.size() < last || !seen.keySet().containsAll(range(last))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every event of " + source + " up to " + last + " on the queue: " + seen);
            }
            record(events.receive(Duration.ofSeconds(1)), source, seen);
        }
        // anything still coming for this source would be a repeat
        for (BrokerClient.Received m; (m = events.receive(Duration.ofSeconds(2))) != null; ) {
            record(m, source, seen);
        }
        return seen;
    }

    private static void record(BrokerClient.Received m, String source, Map<Long, Integer> seen) throws Exception {
        if (m == null) {
            return;
        }
        assertEquals(source, m.source());
        JsonNode line = JSON.readTree(m.text());
        assertEquals("the text is the canonical event", m.seq(), line.get("seq").asLong());
        assertEquals(source, line.get("source").asText());
        assertEquals("CallQueued", m.type());
        assertEquals(source + ":" + m.seq(), m.duplicateId());
        seen.merge(m.seq(), 1, Integer::sum);
    }

    private static java.util.Set<Long> range(int last) {
        java.util.Set<Long> all = new java.util.TreeSet<>();
        for (long seq = 1; seq <= last; seq++) {
            all.add(seq);
        }
        return all;
    }

    private static Map<Long, Integer> once(int last) {
        Map<Long, Integer> m = new TreeMap<>();
        range(last).forEach(seq -> m.put(seq, 1));
        return m;
    }

    @Test
    public void theJmsEventLoggerInstalledOnTheRunningServerSendsEveryEventOnceAcrossAReinstall() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String source = "it-jmslog";
        // accepted before the sink exists: a sink starting from the oldest retained event sends them too
        postSinkEvents(source, 1, 40);

        // configured before the install, as the README says: config:property-set writes
        // etc/io.switchboard.eventlog.jms.cfg, which the feature then keeps (a configuration made
        // through ConfigurationAdmin alone is replaced by the feature's own file a moment after the
        // install, and the sink would have sent the journal to the default broker by then)
        configure("io.switchboard.eventlog.jms", "brokerUrl " + BROKER_URL, "destination queue:it.events",
                "startFrom oldest");
        // the test's JMS client is the jms-client feature's, installed on its own like any tool of the
        // user's: the sink's uninstall would otherwise take it away (and refresh the probe using it)
        install("switchboard-broker", "switchboard-jms-client", "switchboard-eventlog-jms");
        awaitBroker();
        postSinkEvents(source, 41, 60);

        try (BrokerClient broker = new BrokerClient(BROKER_URL);
                BrokerClient.Receiver events = broker.receiver("it.events", "source = '" + source + "'")) {
            Map<Long, Integer> seen = readUntil(events, source, 60, new TreeMap<>());
            assertEquals("each event once, those from before the install included", once(60), seen);

            // uninstalled, the sink misses what comes meanwhile only until it is back
            long bus = busContextId();
            features().uninstallFeature("switchboard-eventlog-jms");
            assertEquals("the bus goes on", bus, busContextId());
            await("the JMS sink to be gone", Duration.ofSeconds(30), () -> java.util.Arrays.stream(
                    bundleContext.getBundles()).noneMatch(b -> "io.switchboard.eventlog.jms".equals(b.getSymbolicName())));
            postSinkEvents(source, 61, 80);
            assertEquals("nothing sent while it is uninstalled", null, events.receive(Duration.ofSeconds(2)));
            install("switchboard-eventlog-jms");
            postSinkEvents(source, 81, 100);
            readUntil(events, source, 100, seen);
            assertEquals("each event once across the uninstall and install", once(100), seen);
        }
        Dictionary<String, Object> settings = configAdmin().getConfiguration("io.switchboard.eventlog.jms", "?")
                .getProperties();
        assertEquals("the settings held all along", BROKER_URL, settings.get("brokerUrl"));
        assertEquals("queue:it.events", settings.get("destination"));
        String position = Files.readString(Paths.get(System.getProperty("karaf.data"), "journal-sink-positions",
                "jms.position"));
        assertTrue(position, position.contains("seq 100 " + source));
    }

    @Test
    public void theJdbcEventLoggerInstalledOnTheRunningServerWritesEveryEventOnceAcrossAReinstall() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String source = "it-jdbclog";
        postSinkEvents(source, 1, 40);
        // settings in place before the install, as for the JMS sink (the feature keeps the file);
        // the database is the default one, data/eventlog-db (the shell would cut a URL at its ';')
        executeCommand("config:property-set -p io.switchboard.eventlog.jdbc startFrom oldest");
        install("switchboard-eventlog-jdbc");
        postSinkEvents(source, 41, 60);
        EventDatabase db = new EventDatabase(Paths.get(System.getProperty("karaf.data"), "eventlog-db")
                .toAbsolutePath().toString());
        awaitEquals("events 1..60 of " + source + " in the database, each once (those from before the install "
                + "included)", Duration.ofSeconds(60), once(60), () -> db.seqs(source));

        long bus = busContextId();
        features().uninstallFeature("switchboard-eventlog-jdbc");
        assertEquals("the bus goes on", bus, busContextId());
        await("the JDBC sink to be gone", Duration.ofSeconds(30), () -> java.util.Arrays.stream(
                bundleContext.getBundles()).noneMatch(b -> "io.switchboard.eventlog.jdbc".equals(b.getSymbolicName())));
        postSinkEvents(source, 61, 80);
        // nothing can be written meanwhile; the simulator's events are not written either, so the
        // tables are still and their counts can be compared
        assertEquals("nothing written while it is uninstalled", once(60), db.seqs(source));
        long[] calls = db.callEventsAndCounted();
        assertEquals("each call event counted once in the calls table", calls[0], calls[1]);

        install("switchboard-eventlog-jdbc");
        postSinkEvents(source, 81, 100);
        awaitEquals("events 1..100 of " + source + " in the database, each once across the uninstall and install",
                Duration.ofSeconds(60), once(100), () -> db.seqs(source));
        assertEquals("the database's position", 100, db.position(source));
        calls = db.callEventsAndCounted();
        assertEquals("each call event counted once in the calls table, after the reinstall", calls[0], calls[1]);

        // two nodes report the same agent's two real logins, each with its own login/logout pair a
        // few seconds off the other's, the first node's whole history before the second's: the
        // sessions table holds one session per real login, from the earliest login to the latest logout
        String agent = ",\"agent\":\"jdbc-ag\",\"dn\":\"9101\",\"place\":\"jp1\"";
        String[][] pairs = {
            {"it-jdbc-n1", "10:00:00", "10:30:00", "11:00:00", "11:20:00"},
            {"it-jdbc-n2", "10:00:02", "10:30:05", "11:00:01", "11:20:03"},
        };
        for (String[] node : pairs) {
            StringBuilder body = new StringBuilder();
            for (int i = 1; i <= 4; i++) {
                body.append(overlapEvent(node[0], i, i % 2 == 1 ? "AgentLogin" : "AgentLogout", node[i], agent))
                        .append('\n');
            }
            HttpResponse<String> r = post("/api/v1/events", body.toString());
            assertEquals(r.body(), 4, json(r).get("accepted").asInt());
        }
        awaitEquals("one session per real login of jdbc-ag, each joining both nodes' pairs", Duration.ofSeconds(60),
                List.of("2026-03-04T10:00:00Z 2026-03-04T10:30:05Z 2", "2026-03-04T11:00:00Z 2026-03-04T11:20:03Z 2"),
                () -> db.sessions("acme", "jdbc-ag"));
    }

    private static String overlapEvent(String source, int seq, String type, String time, String more) {
        return "{\"type\":\"" + type + "\",\"ts\":\"2026-03-04T" + time + ".000Z\",\"source\":\"" + source
                + "\",\"seq\":" + seq + ",\"tenant\":\"acme\"" + more + "}";
    }

    @Test
    public void theFileEventLoggerSetToStartFromNowSkipsWhatWasAcceptedBeforeItCameAndMissesNothingAfter()
            throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String source = "it-filelog";
        postSinkEvents(source, 1, 30);
        configure("io.switchboard.eventlog.file", "startFrom now", "directory it-eventlog");
        install("switchboard-eventlog-file");
        java.nio.file.Path data = Paths.get(System.getProperty("karaf.data"));
        // where "now" was is written when the bus first feeds the sink
        await("the file sink's first position", Duration.ofSeconds(30),
                () -> Files.exists(data.resolve("journal-sink-positions").resolve("file.position")));
        postSinkEvents(source, 31, 50);
        java.nio.file.Path dir = data.resolve("it-eventlog");
        awaitEquals("events 31..50 of " + source + " in the files", Duration.ofSeconds(60), 20,
                () -> fileLog(dir, source).size());
        assertEquals("only what came after the install, each once", range(31, 50), fileLog(dir, source));

        // uninstalled, it writes nothing; installed again, it resumes where it was: nothing lost, nothing twice
        long bus = busContextId();
        features().uninstallFeature("switchboard-eventlog-file");
        assertEquals("the bus goes on", bus, busContextId());
        await("the file sink to be gone", Duration.ofSeconds(30), () -> java.util.Arrays.stream(
                bundleContext.getBundles()).noneMatch(b -> "io.switchboard.eventlog.file".equals(b.getSymbolicName())));
        postSinkEvents(source, 51, 70);
        assertEquals("nothing written while it is uninstalled", range(31, 50), fileLog(dir, source));
        install("switchboard-eventlog-file");
        postSinkEvents(source, 71, 90);
        awaitEquals("events 31..90 of " + source + " in the files, each once across the uninstall and install",
                Duration.ofSeconds(60), range(31, 90), () -> fileLog(dir, source));
    }

    /** How often each seq of {@code source} is in the file sink's files. */
    private static Map<Long, Integer> fileLog(java.nio.file.Path dir, String source) throws Exception {
        Map<Long, Integer> seen = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (java.nio.file.Path f : files.toList()) {
                    for (String line : Files.readAllLines(f)) {
                        JsonNode e = JSON.readTree(line);
                        if (e.get("source").asText().equals(source)) {
                            seen.merge(e.get("seq").asLong(), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        return seen;
    }

    /** Each seq of {@code from}..{@code to} once. */
    private static Map<Long, Integer> range(int from, int to) {
        Map<Long, Integer> m = new TreeMap<>();
        for (long seq = from; seq <= to; seq++) {
            m.put(seq, 1);
        }
        return m;
    }

    /** A JMS capture point's answer: {"id", "node"} or the error JSON, with the request's correlation id. */
    private static JsonNode answer(BrokerClient.Receiver replies, String correlationId) throws Exception {
        BrokerClient.Received r = replies.receive(Duration.ofSeconds(60));
        assertTrue("an answer to " + correlationId, r != null);
        assertEquals(correlationId, r.correlationId());
        return JSON.readTree(r.text());
    }

    /** Written beside, then moved in, as the README tells writers of capture files. */
    private static void drop(java.nio.file.Path inbox, String name, String text) throws Exception {
        java.nio.file.Path part = inbox.resolveSibling("." + name + ".part");
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, inbox.resolve("in").resolve(name));
    }

    @Test
    public void capturePointsInstalledOnTheRunningServerTurnMessagesAndFilesIntoInteractions() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        install("switchboard-broker", "switchboard-capture");
        awaitBroker();
        org.osgi.service.cm.Configuration orders = configAdmin().createFactoryConfiguration("io.switchboard.capture", "?");
        Dictionary<String, Object> props = new Hashtable<>(Map.of("name", "it-orders", "type", "jms",
                "tenant", "demo", "media", "email", "queue", "it-capture", "destination", "queue:it.orders.in",
                "brokerUrl", BROKER_URL));
        orders.update(props);
        try (BrokerClient broker = new BrokerClient(BROKER_URL);
                BrokerClient.Receiver replies = broker.receiver("it.orders.replies", null)) {
            // jms: the answer goes to the reply-to, with the request's correlation id
            broker.sendText("it.orders.in", "{\"priority\": 3, \"data\": {\"order\": \"o-17\"}}",
                    "it.orders.replies", "req-1");
            JsonNode created = answer(replies, "req-1");
            assertTrue(created.toString(), created.has("id") && created.has("node"));
            JsonNode ixn = json(get("/api/v1/interactions/" + created.get("id").asText()));
            assertEquals(ixn.toString(), "o-17", ixn.get("data").get("order").asText());
            assertEquals("it-orders", ixn.get("data").get("capturePoint").asText());
            assertEquals("it-capture", ixn.get("queue").asText());
            assertEquals(3, ixn.get("priority").asInt());
            assertEquals(created.get("node").asText(), ixn.get("node").asText());

            // bad documents are answered with the error JSON naming the field, and consumed
            broker.sendText("it.orders.in", "{\"data\": {\"order\": [1]}}", "it.orders.replies", "req-2");
            JsonNode refused = answer(replies, "req-2");
            assertEquals(400, refused.get("code").asInt());
            assertEquals("data.order", refused.get("detail").asText());
            broker.sendBytes("it.orders.in", "{\"data\": {}}", "it.orders.replies", "req-3");
            assertEquals("message", answer(replies, "req-3").get("detail").asText());
            assertEquals("each refused message answered once, not redelivered", null,
                    replies.receive(Duration.ofSeconds(3)));
        } finally {
            orders.delete();
        }

        // file: the feature's own point 'inbox' (etc/io.switchboard.capture-inbox.cfg) reads data/capture/inbox/in
        java.nio.file.Path inbox = Paths.get(System.getProperty("karaf.data"), "capture", "inbox");
        await("the inbox's directories", Duration.ofSeconds(60), () -> Files.isDirectory(inbox.resolve("in")));
        drop(inbox, "it-mail-1.json", "{\"data\": {\"from\": \"ann@example.com\"}}");
        drop(inbox, "it-broken.json", "{\"data\": ");
        java.nio.file.Path processed = inbox.resolve("processed");
        java.nio.file.Path error = inbox.resolve("error");
        await("both files moved", Duration.ofSeconds(60), () -> Files.exists(processed.resolve("it-mail-1.json.id"))
                && Files.exists(processed.resolve("it-mail-1.json")) && Files.exists(error.resolve("it-broken.json"))
                && Files.exists(error.resolve("it-broken.json.reason")));
        JsonNode made = JSON.readTree(Files.readString(processed.resolve("it-mail-1.json.id")));
        JsonNode mail = json(get("/api/v1/interactions/" + made.get("id").asText()));
        assertEquals(mail.toString(), "ann@example.com", mail.get("data").get("from").asText());
        assertEquals("inbox", mail.get("data").get("capturePoint").asText());
        assertEquals("support", mail.get("queue").asText());
        assertEquals("email", mail.get("media").asText());
        JsonNode reason = JSON.readTree(Files.readString(error.resolve("it-broken.json.reason")));
        assertEquals(400, reason.get("code").asInt());
        assertEquals("document", reason.get("detail").asText());
        assertEquals("the document itself is kept", "{\"data\": ", Files.readString(error.resolve("it-broken.json")));
        assertFalse(Files.exists(inbox.resolve("in").resolve("it-mail-1.json")));
        assertFalse(Files.exists(inbox.resolve("in").resolve("it-broken.json")));

        // rest: the feature's own point 'web' (etc/io.switchboard.capture-web.cfg)
        HttpResponse<String> task = postAs(MEDIA, MEDIA_PASSWORD, "/api/v1/capture/web/tasks",
                "{\"data\": {\"subject\": \"refund\"}}");
        assertEquals(task.body(), 201, task.statusCode());
        String id = json(task).get("id").asText();
        assertEquals("web", json(get("/api/v1/capture/web/tasks/" + id)).get("data").get("capturePoint").asText());
        // update its data, then stop it, over the real port as a client of the capture point would
        HttpResponse<String> updated = sendAs(MEDIA, MEDIA_PASSWORD, "PATCH", "/api/v1/capture/web/tasks/" + id,
                "{\"status\": \"seen\"}");
        assertEquals(updated.body(), 200, updated.statusCode());
        assertEquals("seen", json(updated).get("data").get("status").asText());
        assertEquals("the data it had is kept", "refund", json(updated).get("data").get("subject").asText());
        JsonNode read = json(get("/api/v1/capture/web/tasks/" + id));
        assertEquals("seen", read.get("data").get("status").asText());
        assertEquals("queued", read.get("state").asText());
        HttpResponse<String> badUpdate = sendAs(MEDIA, MEDIA_PASSWORD, "PATCH", "/api/v1/capture/web/tasks/" + id,
                "{\"capturePoint\": \"other\"}");
        assertEquals(badUpdate.body(), 400, badUpdate.statusCode());
        assertEquals("data.capturePoint", json(badUpdate).get("detail").asText());
        HttpResponse<String> stopped = sendAs(MEDIA, MEDIA_PASSWORD, "DELETE",
                "/api/v1/capture/web/tasks/" + id + "?reason=done", "");
        assertEquals(stopped.body(), 200, stopped.statusCode());
        assertEquals("stopped", json(stopped).get("state").asText());
        assertEquals("stopped", json(get("/api/v1/interactions/" + id)).get("state").asText());
        // an interaction it did not create is not its to read, update or stop (the file point's mail)
        String mailId = made.get("id").asText();
        assertEquals(404, get("/api/v1/capture/web/tasks/" + mailId).statusCode());
        HttpResponse<String> foreign = sendAs(MEDIA, MEDIA_PASSWORD, "DELETE", "/api/v1/capture/web/tasks/" + mailId,
                "");
        assertEquals(foreign.body(), 404, foreign.statusCode());
        assertEquals("id", json(foreign).get("detail").asText());
        assertEquals("the file point's interaction untouched", "queued",
                json(get("/api/v1/interactions/" + mailId)).get("state").asText());
    }
}
