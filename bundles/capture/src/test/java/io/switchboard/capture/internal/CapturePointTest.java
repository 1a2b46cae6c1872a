package io.switchboard.capture.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.SubmitRequest;
import io.switchboard.jms.BrokerConnections;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Capture points of each type end to end over the real proxy and two real nodes: REST tasks read,
 * updated and stopped wherever they live, files moved to processed/ or error/ by Camel's file
 * component, JMS documents answered on their reply-to through a real Artemis broker, and bad
 * documents refused naming the field, on every type alike.
 */
public class CapturePointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Cluster cluster;
    private CamelContext camel;

    @Before
    public void setUp() throws Exception {
        cluster = new Cluster(tmp.newFolder("nodes").toPath());
        camel = new DefaultCamelContext();
        camel.start();
    }

    @After
    public void tearDown() throws Exception {
        camel.close();
        cluster.close();
    }

    private CapturePoint point(String name, String queue) {
        return new CapturePoint(new CapturePoint.Settings(name, "demo", "email", queue), cluster.proxy);
    }

    private static void assertRefused(int status, String field, Runnable r) {
        try {
            r.run();
            fail("accepted; expected " + status + " naming " + field);
        } catch (InteractionException e) {
            assertEquals(e.getMessage(), status, e.status());
            assertEquals(e.getMessage(), field, e.detail());
        }
    }

    @Test
    public void restTasksLiveOnEveryNodeAndOnlyTheirCapturePointReadsUpdatesAndStopsThem() {
        CapturePoint web = point("web", "support");
        CapturePoint other = point("other", "support");
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            Interaction t = web.submit("{\"priority\": " + i + ", \"data\": {\"subject\": \"order " + i + "\", \"n\": " + i
                    + "}}");
            nodes.add(t.node());
            assertEquals("demo", t.tenant());
            assertEquals("email", t.media());
            assertEquals("support", t.queue());
            assertEquals(String.valueOf(i), t.data().get("n"));
            assertEquals("web", t.data().get(CaptureDocument.MARK));
            Interaction read = web.get(t.id());
            assertEquals(t.node(), read.node());
            assertEquals("order " + i, web.update(t.id(), Map.of("status", "seen")).data().get("subject"));
            assertEquals("seen", web.get(t.id()).data().get("status"));
            assertRefused(404, "id", () -> other.get(t.id()));
            assertRefused(404, "id", () -> other.stop(t.id(), null));
            assertEquals(Interaction.State.STOPPED, web.stop(t.id(), "done").state());
        }
        assertEquals("the proxy spread them, and the capture point saw them wherever they were",
                Set.copyOf(Cluster.NODES), nodes);
        Interaction foreign = cluster.proxy.submit(new SubmitRequest("demo", "email", "support", null, 0, Map.of()));
        assertRefused(404, "id", () -> web.get(foreign.id()));
        assertRefused(404, "id", () -> web.update(foreign.id(), Map.of("k", "v")));
        assertRefused(404, "id", () -> web.get("no-such-task"));
        Interaction own = web.submit("{\"id\": \"web-1\", \"queue\": \"sales\", \"data\": {}}");
        assertEquals("web-1", own.id());
        assertEquals("sales", own.queue());
        assertRefused(400, "data.capturePoint", () -> web.update("web-1", Map.of("capturePoint", "other")));
        assertRefused(409, "id", () -> web.submit("{\"id\": \"web-1\", \"data\": {}}"));
    }

    @Test
    public void badDocumentsAreRefusedNamingTheFieldAndCreateNothing() {
        CapturePoint web = point("web", "support");
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("", "document");
        bad.put("not json", "document");
        bad.put("[1, 2]", "document");
        bad.put("{\"queue\": \"sales\"}", "data");
        bad.put("{\"data\": \"text\"}", "data");
        bad.put("{\"data\": {\"a\": {\"b\": 1}}}", "data.a");
        bad.put("{\"data\": {\"a\": null}}", "data.a");
        bad.put("{\"data\": {\"capturePoint\": \"x\"}}", "data.capturePoint");
        bad.put("{\"data\": {\"k\": \"" + "v".repeat(5000) + "\"}}", "data");
        bad.put("{\"priority\": \"high\", \"data\": {}}", "priority");
        bad.put("{\"priority\": 1.5, \"data\": {}}", "priority");
        bad.put("{\"prority\": 1, \"data\": {}}", "prority");
        bad.put("{\"id\": 7, \"data\": {}}", "id");
        bad.put("{\"id\": \"" + "i".repeat(200) + "\", \"data\": {}}", "id");
        bad.put("{\"queue\": \"a\\nb\", \"data\": {}}", "queue");
        bad.put("{\"data\": {}, \"x\": \"" + "y".repeat(CaptureDocument.MAX_CHARS) + "\"}", "document");
        bad.forEach((doc, field) -> assertRefused(400, field, () -> web.submit(doc)));
        assertRefused(400, "queue", () -> point("noqueue", "").submit("{\"data\": {}}"));
        for (String n : Cluster.NODES) {
            assertEquals("nothing created on " + n, 0,
                    cluster.nodes.get(n).find("demo", Map.of(), 100).size());
        }
    }

    // ---- file ----

    private static void drop(Path dir, String name, String text) throws Exception {
        // written beside, then moved in: what a writer of capture files should do
        Path part = dir.resolve("." + name + ".part");
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, dir.resolve("in").resolve(name));
    }

    @Test
    public void filesBecomeInteractionsAndMoveToProcessedWithTheIdOrToErrorWithTheReason() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("inbox");
        camel.addRoutes(new FileCapture(point("inbox", "support"), dir, "capture-inbox"));
        drop(dir, "order-1.json", "{\"priority\": 5, \"data\": {\"from\": \"ann@example.com\"}}");
        drop(dir, "order-2.json", "{\"queue\": \"sales\", \"data\": {\"from\": \"bob@example.com\"}}");
        drop(dir, "broken.json", "{\"data\": ");
        drop(dir, "typo.json", "{\"prority\": 1, \"data\": {}}");
        Path processed = dir.resolve("processed");
        Path error = dir.resolve("error");
        await("the four documents moved").atMost(30, TimeUnit.SECONDS).until(() ->
                Files.exists(processed.resolve("order-1.json")) && Files.exists(processed.resolve("order-2.json"))
                && Files.exists(error.resolve("broken.json")) && Files.exists(error.resolve("typo.json")));
        for (String f : List.of("order-1.json", "order-2.json")) {
            JsonNode answer = JSON.readTree(Files.readString(processed.resolve(f + ".id")));
            Interaction i = cluster.proxy.get(answer.get("id").asText());
            assertEquals(answer.get("node").asText(), i.node());
            assertEquals("inbox", i.data().get(CaptureDocument.MARK));
        }
        assertEquals(5, cluster.proxy.get(JSON.readTree(Files.readString(processed.resolve("order-1.json.id")))
                .get("id").asText()).priority());
        JsonNode broken = JSON.readTree(Files.readString(error.resolve("broken.json.reason")));
        assertEquals(400, broken.get("code").asInt());
        assertEquals("document", broken.get("detail").asText());
        assertTrue(broken.get("error").asText(), broken.get("error").asText().contains("not valid JSON"));
        assertEquals("prority", JSON.readTree(Files.readString(error.resolve("typo.json.reason"))).get("detail")
                .asText());
        assertEquals("the documents themselves are kept", "{\"data\": ", Files.readString(error.resolve("broken.json")));
        try (var left = Files.list(dir.resolve("in"))) {
            assertFalse("in/ is empty", left.findAny().isPresent());
        }
    }

    @Test
    public void aFileReadAgainAfterACrashBeforeItsMoveAnswersTheInteractionItAlreadyMade() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("crashed");
        for (String d : new String[] {"in", "processed", "error"}) {
            Files.createDirectories(dir.resolve(d));
        }
        String noId = "{\"data\": {\"from\": \"ann@example.com\"}}";
        String withId = "{\"id\": \"order-77\", \"data\": {\"from\": \"bob@example.com\"}}";
        drop(dir, "no-id.json", noId);
        drop(dir, "with-id.json", withId);
        // the life before the crash: both submitted, no-id's answer written beside, neither file moved
        CapturePoint before = point("crashed", "support");
        Interaction first = before.submitOnce(noId, FileCapture.idOf("crashed", "no-id.json",
                Files.getLastModifiedTime(dir.resolve("in/no-id.json")).toMillis(), noId));
        Files.writeString(dir.resolve("processed/no-id.json.id"), Answers.created(first) + "\n");
        Interaction second = before.submit(withId);
        // a later document reusing order-77 with other data is another document: refused, as before
        drop(dir, "reused-id.json", "{\"id\": \"order-77\", \"data\": {\"from\": \"eve@example.com\"}}");

        camel.addRoutes(new FileCapture(point("crashed", "support"), dir, "capture-crashed"));
        Path processed = dir.resolve("processed");
        await("the files moved").atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(processed.resolve("no-id.json"))
                && Files.exists(processed.resolve("with-id.json")) && Files.exists(dir.resolve("error/reused-id.json")));
        assertEquals("the id-less document is the interaction made before the crash", first.id(),
                JSON.readTree(Files.readString(processed.resolve("no-id.json.id"))).get("id").asText());
        assertEquals(second.id(), JSON.readTree(Files.readString(processed.resolve("with-id.json.id"))).get("id")
                .asText());
        assertEquals("id", JSON.readTree(Files.readString(dir.resolve("error/reused-id.json.reason"))).get("detail")
                .asText());

        // the same name and content dropped again is a new document (another modification time, here
        // in the past: the read lock waits for a file to be older than its minimum age): a new interaction
        Files.move(processed.resolve("no-id.json"), dir.resolve("again.tmp"));
        Files.setLastModifiedTime(dir.resolve("again.tmp"), java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(dir.resolve("again.tmp")).toMillis() - 60_000));
        Files.delete(processed.resolve("no-id.json.id"));
        Files.move(dir.resolve("again.tmp"), dir.resolve("in/no-id.json"));
        await("dropped again, moved again").atMost(30, TimeUnit.SECONDS)
                .until(() -> Files.exists(processed.resolve("no-id.json.id")));
        String again = JSON.readTree(Files.readString(processed.resolve("no-id.json.id"))).get("id").asText();
        assertFalse(again + " is not " + first.id(), again.equals(first.id()));
        assertEquals("crashed", cluster.proxy.get(again).data().get(CaptureDocument.MARK));
    }

    // ---- jms ----

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String text(Message m) throws Exception {
        return ((TextMessage) m).getText();
    }

    @Test
    public void jmsDocumentsBecomeInteractionsAndTheAnswerGoesToTheReplyTo() throws Exception {
        String url = "tcp://127.0.0.1:" + freePort();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false).addAcceptorConfiguration("tcp", url));
        broker.start();
        var pool = BrokerConnections.pool(url, "", "");
        try (Connection c = new ActiveMQConnectionFactory(url).createConnection()) {
            camel.addRoutes(new JmsCapture(point("orders", "sales"), pool, BrokerConnections.destination("orders.in"),
                    "capture-orders"));
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = s.createProducer(s.createQueue("orders.in"));
            TemporaryQueue replies = s.createTemporaryQueue();
            MessageConsumer answers = s.createConsumer(replies);
            c.start();

            TextMessage good = s.createTextMessage("{\"priority\": 3, \"data\": {\"order\": \"o-17\"}}");
            good.setJMSReplyTo(replies);
            good.setJMSCorrelationID("req-1");
            producer.send(good);
            Message answer = answers.receive(30_000);
            JsonNode created = JSON.readTree(text(answer));
            assertEquals("req-1", answer.getJMSCorrelationID());
            Interaction i = cluster.proxy.get(created.get("id").asText());
            assertEquals(created.get("node").asText(), i.node());
            assertEquals("o-17", i.data().get("order"));
            assertEquals("sales", i.queue());
            assertEquals("orders", i.data().get(CaptureDocument.MARK));

            TextMessage bad = s.createTextMessage("{\"data\": {\"order\": [1]}}");
            bad.setJMSReplyTo(replies);
            producer.send(bad);
            JsonNode refused = JSON.readTree(text(answers.receive(30_000)));
            assertEquals(400, refused.get("code").asInt());
            assertEquals("data.order", refused.get("detail").asText());

            BytesMessage bytes = s.createBytesMessage();
            bytes.writeBytes("{\"data\": {}}".getBytes(StandardCharsets.UTF_8));
            bytes.setJMSReplyTo(replies);
            producer.send(bytes);
            assertEquals("message", JSON.readTree(text(answers.receive(30_000))).get("detail").asText());

            // no reply-to: created all the same, nobody told
            producer.send(s.createTextMessage("{\"id\": \"silent-1\", \"data\": {}}"));
            await("the document without reply-to").atMost(30, TimeUnit.SECONDS).ignoreExceptions()
                    .until(() -> cluster.proxy.get("silent-1") != null);
        } finally {
            camel.getRouteController().stopRoute("capture-orders");
            pool.stop();
            broker.stop();
        }
    }
}
