package io.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Event streams of statistics as a wallboard sees them, under the event clock (time is what the
 * events say, so resets and periods happen exactly when the events cross them), without the
 * simulator: the three notification modes, a client that never reads, and the JMX view.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StatisticsStreamIT extends ItSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Ports PORTS = new Ports(38181, 38101, 31099, 44443, 15841);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        List<Option> options = containerOptions(switchboardDistribution(), "streams", PORTS);
        options.add(editConfigurationFilePut("etc/io.switchboard.stats.cfg", "clock", "event"));
        // the simulator stays configured as shipped: on the event clock it must keep still
        options.add(editConfigurationFilePut("etc/io.switchboard.adapter.tcp.cfg", "port", "37021"));
        options.add(editConfigurationFilePut("etc/io.switchboard.rest.stats.cfg", "sseMaxStallSeconds", "3"));
        return options.toArray(new Option[0]);
    }

    @Override
    protected int httpPort() {
        return PORTS.http();
    }

    private static String queued(String source, int seq, String ts, String queue) {
        return "{\"type\":\"CallQueued\",\"ts\":\"" + ts + "\",\"source\":\"" + source + "\",\"seq\":" + seq
                + ",\"tenant\":\"streams\",\"call\":\"" + source + "-" + seq + "\",\"queue\":\"" + queue + "\"}";
    }

    private String open(String body) throws Exception {
        HttpResponse<String> r = post("/api/v1/stats", body);
        assertEquals(r.body(), 201, r.statusCode());
        return JSON.readTree(r.body()).get("ref").asText();
    }

    private static String entered(String queue, String profile, String notification) {
        return "{\"statType\":\"CallsEntered\",\"object\":{\"tenant\":\"streams\",\"type\":\"Queue\",\"id\":\"" + queue
                + "\"},\"timeProfile\":" + profile + ",\"notification\":" + notification + "}";
    }

    /** A stream read on a thread of its own: the values received, per ref, in order. */
    private final class Stream {
        final Map<String, List<Long>> values = new ConcurrentHashMap<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        Stream(String... refs) {
            HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.http()
                    + "/api/v1/stats/stream?refs=" + String.join(",", refs))).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(line -> {
                        if (line.startsWith("event: ")) {
                            events.add(line.substring(7));
                        } else if (line.startsWith("data: ")) {
                            try {
                                JsonNode d = JSON.readTree(line.substring(6));
                                if (d.has("ref")) {
                                    values.computeIfAbsent(d.get("ref").asText(),
                                            k -> Collections.synchronizedList(new ArrayList<>()))
                                            .add(d.get("value").asLong());
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }));
        }

        List<Long> of(String ref) {
            return List.copyOf(values.getOrDefault(ref, List.of()));
        }
    }

    private void send(String line) throws Exception {
        HttpResponse<String> r = post("/api/v1/events", line);
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals(r.body(), 1, JSON.readTree(r.body()).get("accepted").asInt());
    }

    @Test
    public void theShippedSimulatorKeepsStillOnTheEventClock() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        // it would send every second; wall-clock events would carry the event clock to now
        holds("no simulator source", Duration.ofSeconds(3),
                () -> !executeCommand("switchboard:sources").contains("simulator"));
    }

    @Test
    public void changesPeriodicAndResetModesNotifyAsTheEventClockMoves() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        // the event clock starts where the events are
        send(queued("modes", 1, "2026-03-02T23:59:00.000Z", "other"));
        String changes = open(entered("modes", "\"Default\"", "{\"mode\":\"changes\"}"));
        // the same day as Default, spelled differently: another statistic of the pool
        String periodic = open(entered("modes", "{\"type\":\"growing\",\"reset\":[\"00:00\"],\"zone\":\"Etc/UTC\"}",
                "{\"mode\":\"periodic\",\"frequency\":10}"));
        String reset = open(entered("modes", "{\"type\":\"growing\",\"reset\":[\"00:00\"],\"zone\":\"UTC\"}",
                "{\"mode\":\"reset\"}"));
        Stream s = new Stream(changes, periodic, reset);
        await("the current values first", Duration.ofSeconds(20),
                () -> s.of(changes).size() == 1 && s.of(periodic).size() == 1 && s.of(reset).size() == 1);

        send(queued("modes", 2, "2026-03-02T23:59:05.000Z", "modes"));
        awaitEquals("changes: 1", Duration.ofSeconds(10), List.of(0L, 1L), () -> s.of(changes));
        send(queued("modes", 3, "2026-03-02T23:59:12.000Z", "modes"));
        awaitEquals("changes: 2", Duration.ofSeconds(10), List.of(0L, 1L, 2L), () -> s.of(changes));
        awaitEquals("periodic: due 10 s after the open, at 23:59:10", Duration.ofSeconds(10), List.of(0L, 2L), () -> s.of(periodic));
        send(queued("modes", 4, "2026-03-02T23:59:15.000Z", "modes"));
        awaitEquals("changes: 3", Duration.ofSeconds(10), List.of(0L, 1L, 2L, 3L), () -> s.of(changes));
        // across midnight: the growing profiles reset
        send(queued("modes", 5, "2026-03-03T00:00:01.000Z", "modes"));
        awaitEquals("changes: the new day's 1", Duration.ofSeconds(10), List.of(0L, 1L, 2L, 3L, 1L), () -> s.of(changes));
        assertEquals("changes sent nothing else", List.of(0L, 1L, 2L, 3L, 1L), s.of(changes));
        awaitEquals("reset: the day's final 3, once", Duration.ofSeconds(10), List.of(0L, 3L), () -> s.of(reset));
        awaitEquals("periodic: next due at 23:59:22, served at 00:00:01", Duration.ofSeconds(10), List.of(0L, 2L, 1L), () -> s.of(periodic));
        assertEquals("the reset mode sends nothing between resets", List.of(0L, 3L), s.of(reset));
    }

    @Test
    public void aClientThatNeverReadsDelaysNoOtherAndIsDisconnectedWithAReason() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        send(queued("slow", 1, "2026-03-02T10:00:00.000Z", "slow-q"));
        // statistics that all change with every call entered: enough bytes to fill what the kernel
        // buffers on loopback (its send buffer grows to about a megabyte even toward a tiny window)
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(open(entered("slow-q", "{\"type\":\"sliding\",\"window\":" + (3600 + i) + ",\"step\":1}",
                    "{\"mode\":\"changes\"}")));
        }
        String watched = open(entered("slow-q", "\"Default\"", "{\"mode\":\"changes\"}"));
        MBeanServer jmx = bundleContext.getService(bundleContext.getServiceReference(MBeanServer.class));
        ObjectName engine = new ObjectName("io.switchboard:type=Engine");
        int before = (Integer) jmx.getAttribute(engine, "Subscriptions");

        // the slow client: a tiny receive window, a request, and never a byte read
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", PORTS.http()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /api/v1/stats/stream?refs=" + String.join(",", many) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await("the slow client's subscriptions", Duration.ofSeconds(10),
                    () -> (Integer) jmx.getAttribute(engine, "Subscriptions") == before + 60);

            Stream fast = new Stream(watched);
            await("the fast client's first value", Duration.ofSeconds(10), () -> fast.of(watched).size() == 1);
            long worst = 0;
            for (int seq = 2; seq <= 500; seq++) {
                long started = System.nanoTime();
                send(queued("slow", seq, "2026-03-02T1" + String.format("%d:%02d:%02d", seq / 3600, seq / 60 % 60, seq % 60) + ".000Z",
                        "slow-q"));
                long expected = seq;
                await("the fast client's value " + seq, Duration.ofSeconds(10),
                        () -> fast.of(watched).contains(expected));
                worst = Math.max(worst, (System.nanoTime() - started) / 1_000_000);
            }
            // a notification takes a few milliseconds; a blocked engine would take forever
            assertTrue("worst event-to-notification for the fast client " + worst + " ms", worst < 2_000);

            await("the slow client disconnected once it stalled past the bound", Duration.ofSeconds(30),
                    () -> (Integer) jmx.getAttribute(engine, "Subscriptions") == before + 1);
            assertTrue("notifications are counted", (Double) jmx.getAttribute(engine, "NotificationsPerSecond") > 0);
            String row = java.util.Arrays.stream(executeCommand("switchboard:stats").split("\n"))
                    .filter(l -> l.trim().startsWith(watched)).findFirst().orElseThrow();
            assertEquals(row, "1", row.split("\\|")[6].trim());
            assertTrue("the slow client's statistics stay in the pool",
                    ((String[]) jmx.invoke(new ObjectName("io.switchboard:type=Statistic"), "list", null, null)).length
                            >= 61);
        }
    }

    /** Posts a statistic request that must be refused with 400 naming {@code field}; returns the error. */
    private String refused(String path, String body, String field) throws Exception {
        HttpResponse<String> r = post(path, body);
        assertEquals(body + " -> " + r.body(), 400, r.statusCode());
        JsonNode error = JSON.readTree(r.body());
        assertEquals(body + " -> " + r.body(), field, error.get("detail").asText());
        return error.get("error").asText();
    }

    @Test
    public void anArrayOfOpensIsAnsweredInOrderEachAsItsOwnOpenWouldBe() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        send(queued("batch", 1, "2026-03-02T10:00:00.000Z", "batch-q"));
        send(queued("batch", 2, "2026-03-02T10:00:01.000Z", "batch-q"));
        String entered = entered("batch-q", "\"Default\"", "{\"mode\":\"changes\"}");
        String q = "\"object\":{\"tenant\":\"streams\",\"type\":\"Queue\",\"id\":\"batch-q\"}";
        String body = "[" + entered + ","
                + "{\"statType\":\"NoSuchType\"," + q + "},"
                + entered + ","
                + "{\"statType\":{\"category\":\"CurrentNumber\",\"mask\":[\"CallWait\"]}," + q + "},"
                + "5,"
                + "{\"statType\":\"CallsEntered\"," + q + ",\"timeProfile\":\"LastHour\","
                + "\"notification\":{\"mode\":\"reset\"}},"
                + "{\"statType\":\"CallsEntered\"," + q + ",\"timeProfile\":\"NoSuchProfile\"}]";
        HttpResponse<String> r = post("/api/v1/stats", body);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(r.body(), 7, answer.size());
        String ref = answer.get(0).get("ref").asText();
        assertEquals("the ref a single open gives", open(entered), ref);
        assertEquals(r.body(), 2, answer.get(0).get("value").asLong());
        assertTrue(r.body(), answer.get(0).has("at"));
        assertEquals(r.body(), "statType", answer.get(1).get("detail").asText());
        assertEquals(r.body(), 400, answer.get(1).get("code").asInt());
        assertEquals("the same definition twice: one statistic", ref, answer.get(2).get("ref").asText());
        assertEquals(r.body(), 2, answer.get(3).get("value").asLong());
        assertEquals(r.body(), "body", answer.get(4).get("detail").asText());
        assertEquals(r.body(), "notification.mode", answer.get(5).get("detail").asText());
        assertEquals(r.body(), "timeProfile", answer.get(6).get("detail").asText());
        HttpResponse<String> peek = get("/api/v1/stats/" + answer.get(3).get("ref").asText());
        assertEquals(peek.body(), 200, peek.statusCode());

        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i <= 10_000; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        refused("/api/v1/stats", tooMany.append(']').toString(), "body");
        HttpResponse<String> empty = post("/api/v1/stats", "[]");
        assertEquals(empty.body(), 200, empty.statusCode());
        assertEquals("[]", empty.body());
    }

    @Test
    public void malformedStatisticRequestsAreRefusedNamingTheBadField() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        String q = "\"object\":{\"tenant\":\"streams\",\"type\":\"Queue\",\"id\":\"bad-q\"}";
        for (String path : List.of("/api/v1/stats", "/api/v1/stats/peek")) {
            assertTrue(refused(path, "{\"statType\":{\"category\":\"TotalNumbr\",\"mask\":[\"CallEntered\"]}," + q + "}",
                    "statType.category").contains("TotalNumbr"));
            assertTrue(refused(path, "{\"statType\":{\"category\":\"TotalNumber\",\"mask\":[\"CallEnterd\"]}," + q + "}",
                    "statType.mask").contains("CallEnterd"));
            assertTrue(refused(path, "{\"statType\":\"CallsEntered\",\"object\":{\"tenant\":\"streams\","
                    + "\"type\":\"Queen\",\"id\":\"x\"}}", "object.type").contains("Queen"));
            refused(path, "{\"statType\":\"CallsEntered\"," + q + ",\"timeProfile\":\"NoSuchProfile\"}", "timeProfile");
            refused(path, "{\"statType\":\"CallsEntered\"," + q + ",\"timeProfile\":{\"type\":\"sliding\","
                    + "\"window\":-5}}", "timeProfile.window");
            refused(path, "{\"statType\":{\"category\":\"Formula\",\"formula\":\"(CallsEntered + \"}," + q + "}",
                    "statType.formula");
            refused(path, "{\"statType\":{\"category\":\"TotalNumberInTimeRange\",\"mask\":[\"CallAnswered\"],"
                    + "\"range\":[30,10]}," + q + "}", "statType.range");
            refused(path, "{\"statType\":\"NoSuchType\"," + q + "}", "statType");
            refused(path, "{" + q + "}", "statType");
            refused(path, "{\"statType\":\"CallsEntered\"}", "object");
            refused(path, "not json", "body");
            refused(path, "{\"statType\":\"CallsEntered\"," + q + ",\"filter\":{\"colour\":\"red\"}}", "filter.colour");
        }
        refused("/api/v1/stats", "{\"statType\":\"CallsEntered\"," + q + ",\"notification\":{\"mode\":\"sometimes\"}}",
                "notification.mode");
        refused("/api/v1/stats", "{\"statType\":\"CallsEntered\"," + q + ",\"timeProfile\":\"LastHour\","
                + "\"notification\":{\"mode\":\"reset\"}}", "notification.mode");
        assertEquals(404, get("/api/v1/stats/no-such-ref").statusCode());
        assertEquals(404, get("/api/v1/stats/stream?refs=no-such-ref").statusCode());
        assertEquals(400, get("/api/v1/stats/stream").statusCode());
        HttpResponse<String> badType = put("/api/v1/stattypes/Bad", "{\"category\":\"CurrentNumber\",\"objects\":[\"Queen\"],"
                + "\"mask\":[\"CallWait\"]}");
        assertEquals(badType.body(), 400, badType.statusCode());
        HttpResponse<String> badImport = post("/api/v1/config/import", "{\"objects\":[{\"tenant\":\"streams\"}]}");
        assertEquals(badImport.body(), 400, badImport.statusCode());
        assertTrue(badImport.body(), JSON.readTree(badImport.body()).get("detail").asText().startsWith("objects[0]"));
    }

    @Test
    public void jmxListsAndPeeksTheStatisticPool() throws Exception {
        awaitUp(Duration.ofSeconds(120));
        send(queued("jmx", 1, "2026-03-02T11:00:00.000Z", "jmx-q"));
        String ref = open(entered("jmx-q", "\"Default\"", "{\"mode\":\"changes\"}"));
        MBeanServer jmx = bundleContext.getService(bundleContext.getServiceReference(MBeanServer.class));
        ObjectName statistic = new ObjectName("io.switchboard:type=Statistic");
        await("the statistic MBean", Duration.ofSeconds(30), () -> jmx.isRegistered(statistic));
        String[] list = (String[]) jmx.invoke(statistic, "list", null, null);
        assertTrue(String.join("\n", list), java.util.Arrays.stream(list).anyMatch(l -> l.startsWith(ref + " CallsEntered")));
        JsonNode peek = JSON.readTree((String) jmx.invoke(statistic, "peek", new Object[] {ref},
                new String[] {String.class.getName()}));
        assertEquals(1, peek.get("value").asInt());
        try {
            jmx.invoke(statistic, "peek", new Object[] {"no-such-ref"}, new String[] {String.class.getName()});
            throw new AssertionError("an unknown ref must fail");
        } catch (javax.management.MBeanException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no-such-ref"));
        }
    }
}
