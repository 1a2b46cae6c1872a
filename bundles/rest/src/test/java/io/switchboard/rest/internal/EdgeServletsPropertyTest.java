package io.switchboard.rest.internal;

import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.event.QueueLogIngestService;
import io.switchboard.api.http.HttpAccess;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.RecordingService;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzes the configuration, queue_log and recording edges of the HTTP API with arbitrary methods, paths,
 * query strings and bodies over recording services: never a 5xx, never an exception out of the
 * servlet, and a request the edge answers with a 4xx never reached a service that changes state.
 */
public class EdgeServletsPropertyTest {

    record Request(String servletPath, String pathInfo, String method, String query, String body) {
    }

    /** What reached the services that write. */
    private final List<String> writes = new ArrayList<>();

    private final ConfigurationService config = new ConfigurationService() {
        @Override
        public ConfigObject get(String tenant, String type, String id) {
            return null;
        }

        @Override
        public Collection<ConfigObject> list(String tenant) {
            return List.of();
        }

        @Override
        public ConfigObject put(String tenant, String type, String id, Map<String, Object> body) {
            writes.add("put");
            names(tenant, type, id);
            return new ConfigObject(tenant, type, id, Map.of(), List.of());
        }

        @Override
        public boolean delete(String tenant, String type, String id) {
            writes.add("delete");
            names(tenant, type, id);
            return true;
        }

        @Override
        public int importDocument(Map<String, Object> document) {
            writes.add("import");
            return 0;
        }

        @Override
        public boolean isStrict(String tenant) {
            return false;
        }
    };

    private final QueueLogIngestService queueLog = (tenant, source, firstLine, body) -> {
        writes.add("queue-log");
        names(tenant, source);
        if (firstLine < 1 || firstLine > Integer.MAX_VALUE) {
            throw new AssertionError("line " + firstLine + " reached the adapter");
        }
        return new IngestResult(0, 0, List.of());
    };

    private final EventIngestService ingest = (EventIngestService) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {EventIngestService.class}, (p, m, a) -> {
                if (m.getName().startsWith("ingest")) {
                    writes.add(m.getName());
                    return new IngestResult(0, 0, List.of());
                }
                return m.getReturnType() == long.class ? 0L : m.getReturnType() == boolean.class ? true : null;
            });

    /** Names that reach a service are within the limits of names (io.switchboard.api.Limits). */
    private static void names(String... names) {
        for (String n : names) {
            if (n == null || io.switchboard.api.Limits.checkText("name", n) != null) {
                throw new AssertionError("'" + n + "' reached a service");
            }
        }
    }

    private static void inject(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    /** Searches and reads check the names that reach them; a rules change is a write. */
    private final RecordingService recording = (RecordingService) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {RecordingService.class}, (p, m, a) -> {
                switch (m.getName()) {
                    case "find" -> {
                        RecordingQuery q = (RecordingQuery) a[0];
                        names(nonNull(q.tenant()), nonNull(q.call()), nonNull(q.agent()));
                        return List.of();
                    }
                    case "putRules" -> {
                        writes.add("rules");
                        names((String) a[0]);
                        return null;
                    }
                    case "get", "rules", "audio" -> {
                        names((String) a[0]);
                        if (m.getName().equals("audio")) {
                            throw io.switchboard.api.SwitchboardException.notFound("no recording " + a[0], "id");
                        }
                        return null;
                    }
                    default -> {
                        return List.of();
                    }
                }
            });

    private static String nonNull(String s) {
        return s == null ? "x" : s;
    }

    private ApiServlet servlet(String servletPath) throws Exception {
        ApiServlet s;
        if (servletPath.startsWith("/api/v1/recording")) {
            s = new RecordingServlet();
            inject(s, "recordingService", recording);
        } else if (servletPath.startsWith("/api/v1/config")) {
            s = new ConfigServlet();
            inject(s, "config", config);
        } else {
            s = new EventsServlet();
            inject(s, "ingest", ingest);
            inject(s, "queueLog", queueLog);
        }
        s.access = (method, path, authorization, remote) -> HttpAccess.Decision.ADMITTED;
        return s;
    }

    @Property
    void noRequestGets5xxAndARefusedOneWritesNothing(@ForAll("requests") Request r) throws Exception {
        HttpServlet servlet = servlet(r.servletPath());
        writes.clear();
        ServletCall.Answer a = new ServletCall(r.servletPath(), r.pathInfo(), r.method(), r.query(), r.body())
                .to(servlet);
        int[] status = {a.status()};
        String answer = a.body();
        if (status[0] >= 500) {
            throw new AssertionError(r + " answered " + status[0] + " " + answer);
        }
        if (status[0] >= 400 && !writes.isEmpty()) {
            throw new AssertionError(r + " answered " + status[0] + " " + answer + " but wrote " + writes);
        }
    }

    @Property
    void aQueueLogPostIsIngestedWithNamesWithinLimitsOrRefused(@ForAll("queueLogPosts") Request r) throws Exception {
        noRequestGets5xxAndARefusedOneWritesNothing(r);
    }

    @Property
    void aConfigurationWriteNamesObjectsWithinLimitsOrIsRefused(@ForAll("configWrites") Request r) throws Exception {
        noRequestGets5xxAndARefusedOneWritesNothing(r);
    }

    @Property
    void aRecordingSearchOrRulesChangeNamesWithinLimitsOrIsRefused(@ForAll("recordingRequests") Request r)
            throws Exception {
        noRequestGets5xxAndARefusedOneWritesNothing(r);
    }

    /** Found by the property above: the path split into no parts at all. */
    @net.jqwik.api.Example
    void aRecordingPathWithoutAnIdIsNoResourceNotAFailure() throws Exception {
        noRequestGets5xxAndARefusedOneWritesNothing(new Request("/api/v1/recordings", "//", "GET", null, null));
        noRequestGets5xxAndARefusedOneWritesNothing(new Request("/api/v1/recordings", "///audio", "GET", null, null));
    }

    @Provide
    Arbitrary<Request> recordingRequests() {
        Arbitrary<String> value = Arbitraries.oneOf(paramValue(), Arbitraries.of("2026-12-04T10:00:00Z",
                "2026-12-04", "+999999999-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z"));
        Arbitrary<Request> search = Combinators.combine(Arbitraries.of("tenant", "call", "agent", "from", "to", "x"),
                value).as((k, v) -> k + "=" + v).list().ofMaxSize(4).map(l -> String.join("&", l))
                .map(q -> new Request("/api/v1/recordings", null, "GET", q, null));
        Arbitrary<String> segment = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("acme", "rec-1", "audio")),
                Tuple.of(1, Arbitraries.of("%01", "a%2Fb", "", "%zz")),
                Tuple.of(1, Arbitraries.strings().withChars('x').ofLength(io.switchboard.api.Limits.NAME + 1)));
        Arbitrary<Request> one = segment.list().ofMinSize(1).ofMaxSize(3).map(l -> new Request("/api/v1/recordings",
                "/" + String.join("/", l), "GET", null, null));
        Arbitrary<Request> rules = Combinators.combine(segment, Arbitraries.of("GET", "PUT", "DELETE"),
                Arbitraries.of("{\"queues\":[\"sales\"]}", "{\"percentage\":101}", "[]", "{", "{\"x\":1}"))
                .as((t, m, b) -> new Request("/api/v1/recording", "/rules/" + t, m, null, b));
        return Arbitraries.oneOf(search, one, rules);
    }

    private static Arbitrary<String> paramValue() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("acme", "pbx", "1", "0", "-1",
                "2147483647", "2147483648", "9223372036854775807", "99999999999999999999", "x", "", "%zz", "%01",
                "%E0%A4%A")), Tuple.of(2, Arbitraries.strings().withChars('t').ofLength(io.switchboard.api.Limits.NAME
                + 1)), Tuple.of(1, Arbitraries.strings().ofMaxLength(8)));
    }

    @Provide
    Arbitrary<Request> queueLogPosts() {
        Arbitrary<String> value = paramValue();
        Arbitrary<String> query = Combinators.combine(value, value, Arbitraries.oneOf(Arbitraries.just(""),
                value.map(v -> "&line=" + v))).as((t, so, l) -> "tenant=" + t + "&source=" + so + l);
        return query.map(q -> new Request("/api/v1/events", "/queue-log", "POST", q,
                "1000|c1|sales|NONE|ENTERQUEUE||1|1\n"));
    }

    @Provide
    Arbitrary<Request> configWrites() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("acme", "Agent", "a1")),
                Tuple.of(1, Arbitraries.of("%01", "a%2Fb", "", "%zz")),
                Tuple.of(1, Arbitraries.strings().withChars('x').ofLength(io.switchboard.api.Limits.NAME + 1)));
        return Combinators.combine(segment.list().ofSize(3), Arbitraries.of("PUT", "DELETE", "GET"))
                .as((l, m) -> new Request("/api/v1/config", "/" + String.join("/", l), m, null, "{\"name\":\"Ann\"}"));
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> servlet = Arbitraries.of("/api/v1/config", "/api/v1/events");
        Arbitrary<String> segment = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of("acme", "Agent", "AgentGroup",
                "a1", "import", "queue-log", "", "%zz", "%01", "a%2Fb")),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(12)),
                Tuple.of(1, Arbitraries.strings().withChars('x').ofLength(io.switchboard.api.Limits.NAME + 1)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(2)));
        Arbitrary<String> anyPath = segment.list().ofMaxSize(4).map(l -> l.isEmpty() ? null : "/" + String.join("/", l));
        Arbitrary<String> objectPath = segment.list().ofSize(3).map(l -> "/" + String.join("/", l));
        Arbitrary<String> path = Arbitraries.frequencyOf(Tuple.of(2, anyPath), Tuple.of(3, objectPath),
                Tuple.of(3, Arbitraries.of("/queue-log", "/import")));
        Arbitrary<String> method = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("POST", "PUT")),
                Tuple.of(2, Arbitraries.of("GET", "DELETE")), Tuple.of(1, Arbitraries.of("PATCH", "X", "OPTIONS")));
        Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("acme", "pbx", "1", "0", "-1",
                "2147483647", "2147483648", "9223372036854775807", "99999999999999999999", "x", "", "%zz", "%01",
                "%E0%A4%A")), Tuple.of(1, Arbitraries.strings().withChars('t').ofLength(io.switchboard.api.Limits.NAME
                + 1)), Tuple.of(1, Arbitraries.strings().ofMaxLength(8)));
        Arbitrary<String> param = Combinators.combine(Arbitraries.of("tenant", "source", "line", "x"), value)
                .as((k, v) -> k + "=" + v);
        Arbitrary<String> logQuery = Combinators.combine(value, value, Arbitraries.oneOf(Arbitraries.just(""),
                value.map(v -> "&line=" + v))).as((t, so, l) -> "tenant=" + t + "&source=" + so + l);
        Arbitrary<String> query = Arbitraries.oneOf(Arbitraries.just(null), logQuery, param.list().ofMaxSize(4)
                .map(l -> String.join("&", l)), Arbitraries.of("tenant=acme&source=pbx", "tenant=acme&source=pbx&line=3",
                "%", "tenant"));
        Arbitrary<String> body = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("{\"objects\":[]}",
                "{\"objects\":[{\"tenant\":\"acme\",\"type\":\"Agent\",\"id\":\"a1\"}]}", "{\"name\":\"Ann\"}",
                "1000|c1|sales|NONE|ENTERQUEUE||1|1\n", "{\"type\":\"AgentLogin\"}\n", "", "null", "[]", "{",
                "\"x\"", "{\"objects\":1}")), Tuple.of(1, Arbitraries.strings().ofMaxLength(30)));
        return Combinators.combine(servlet, path, method, query, body).as(Request::new);
    }
}
