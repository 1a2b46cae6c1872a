package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.stats.StatisticsService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.AsyncContext;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/stats}: open ({@code POST}), peek ({@code GET /{ref}}, {@code POST /peek}), close
 * ({@code DELETE /{ref}}, the statistic stays in the pool) and Server-Sent Events
 * ({@code GET /stream?refs=...}).
 */
@Component(name = "io.switchboard.rest.stats", service = {Servlet.class, StreamDirectory.class},
        configurationPolicy = org.osgi.service.component.annotations.ConfigurationPolicy.OPTIONAL)
@org.osgi.service.metatype.annotations.Designate(ocd = StatsServlet.Config.class)
@HttpWhiteboardServletAsyncSupported
@HttpWhiteboardServletName("switchboard-stats")
@HttpWhiteboardServletPattern("/api/v1/stats/*")
public class StatsServlet extends ApiServlet implements StreamDirectory {

    private static final long serialVersionUID = 1L;

    @org.osgi.service.metatype.annotations.ObjectClassDefinition(name = "Switchboard statistics API")
    public @interface Config {
        @org.osgi.service.metatype.annotations.AttributeDefinition(description = "An event stream whose client "
                + "reads nothing for this many seconds while values wait is closed")
        int sseMaxStallSeconds() default 30;
    }

    @Reference
    private transient StatisticsService stats;

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private transient volatile io.switchboard.api.event.EventIngestService ingest;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = subPath(req);
        StatRequestParser parser = new StatRequestParser(stats::statType);
        if ("/peek".equals(path)) {
            awaitAcknowledged(ingest);
            Json.write(resp, 200, Json.statValue(stats.peek(parser.parse(Json.readBody(req)))));
            return;
        }
        if (path.isEmpty() || "/".equals(path)) {
            JsonNode body = Json.readBody(req);
            if (body.isArray()) {
                openAll(body, resp);
                return;
            }
            awaitAcknowledged(ingest);
            StatisticsService.Opened opened = stats.open(parser.parse(body),
                    StatRequestParser.notification(body.get("notification")));
            KnownRefs.add(opened.ref());
            ObjectNode answer = Json.MAPPER.createObjectNode().put("ref", opened.ref());
            answer.setAll(Json.statValue(opened.value()));
            Json.write(resp, 201, answer);
            return;
        }
        throw SwitchboardException.notFound("no such resource: " + req.getRequestURI(), "path");
    }

    /**
     * An array of open bodies: each element opened as a single open would be, answered in order
     * with its ref and value or with its own error, so that a router or a wallboard starting up
     * opens thousands of statistics in a few requests. One bad element fails only itself.
     */
    private void openAll(JsonNode body, HttpServletResponse resp) throws IOException {
        if (body.size() > io.switchboard.api.Limits.OPEN_BATCH_MAX) {
            throw SwitchboardException.badRequest("at most " + io.switchboard.api.Limits.OPEN_BATCH_MAX
                    + " statistics per request, not " + body.size(), "body");
        }
        java.util.Map<String, java.util.Optional<io.switchboard.api.model.StatType>> named = new java.util.HashMap<>();
        StatRequestParser parser = new StatRequestParser(name -> named
                .computeIfAbsent(name, n -> java.util.Optional.ofNullable(stats.statType(n))).orElse(null));
        int n = body.size();
        SwitchboardException[] refused = new SwitchboardException[n];
        List<io.switchboard.api.stats.StatRequest> requests = new ArrayList<>(n);
        List<io.switchboard.api.stats.Notification> notifications = new ArrayList<>(n);
        List<Integer> slots = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode element = body.get(i);
            try {
                io.switchboard.api.stats.StatRequest r = parser.parse(element);
                notifications.add(StatRequestParser.notification(element.get("notification")));
                requests.add(r);
                slots.add(i);
            } catch (SwitchboardException e) {
                refused[i] = e;
            }
        }
        awaitAcknowledged(ingest);
        List<StatisticsService.OpenOutcome> outcomes = requests.isEmpty() ? List.of()
                : stats.openAll(requests, notifications);
        StatisticsService.OpenOutcome[] all = new StatisticsService.OpenOutcome[n];
        for (int k = 0; k < outcomes.size(); k++) {
            all[slots.get(k)] = outcomes.get(k);
        }
        com.fasterxml.jackson.databind.node.ArrayNode answer = Json.MAPPER.createArrayNode();
        for (int i = 0; i < n; i++) {
            if (all[i] != null && all[i].opened() != null) {
                StatisticsService.Opened opened = all[i].opened();
                KnownRefs.addIfRoom(opened.ref());
                ObjectNode o = answer.addObject().put("ref", opened.ref());
                o.setAll(Json.statValue(opened.value()));
            } else {
                SwitchboardException e = all[i] != null ? all[i].failure() : refused[i];
                answer.add(Json.errorBody(e.code(), e.error(), e.detail()));
            }
        }
        Json.write(resp, 200, answer);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String ref = ref(req);
        if ("stream".equals(ref)) {
            stream(req, resp);
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("ref", ref);
        awaitAcknowledged(ingest);
        answer.setAll(Json.statValue(stats.peek(ref)));
        Json.write(resp, 200, answer);
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) {
        String ref = ref(req);
        if (!stats.close(ref)) {
            throw SwitchboardException.notFound("no statistic with ref '" + ref + "'", "ref");
        }
        resp.setStatus(204);
    }

    private static String ref(HttpServletRequest req) {
        String p = subPath(req);
        if (p.length() < 2 || p.indexOf('/', 1) >= 0) {
            throw SwitchboardException.notFound("no such resource: " + req.getRequestURI(), "path");
        }
        return p.substring(1);
    }

    /** Server-Sent Events: the current value of each ref first, then its notifications. */
    private void stream(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String refs = queryParam(req, "refs");
        if (refs == null || refs.isBlank()) {
            throw SwitchboardException.badRequest("parameter 'refs' names the statistics to stream", "refs");
        }
        List<String> list = new ArrayList<>();
        for (String r : refs.split(",")) {
            if (!r.isBlank()) {
                list.add(r.trim());
            }
        }
        // all refs must exist before anything is sent: a 404 is still possible here
        awaitAcknowledged(ingest);
        for (String r : list) {
            stats.peek(r);
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.flushBuffer();
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        SseClient[] self = new SseClient[1];
        SseClient client = new SseClient(async, req.getRemoteAddr() + ":" + req.getRemotePort(), maxStallMillis,
                () -> clients.remove(self[0]), watchdog);
        self[0] = client;
        clients.add(client);
        async.addListener(new javax.servlet.AsyncListener() {
            @Override
            public void onComplete(javax.servlet.AsyncEvent event) {
                client.close(null);
            }

            @Override
            public void onTimeout(javax.servlet.AsyncEvent event) {
                client.close(null);
            }

            @Override
            public void onError(javax.servlet.AsyncEvent event) {
                client.close(null);
            }

            @Override
            public void onStartAsync(javax.servlet.AsyncEvent event) {
                // not restarted
            }
        });
        // the subscription delivers the current value first: the notifier is its only sender
        for (String r : list) {
            client.add(stats.subscribe(r, client::offer));
        }
        client.start();
    }

    /** Live event streams, checked every second for heartbeats and stalls; their writes run on the watchdog too. */
    private final java.util.Set<SseClient> clients = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private transient java.util.concurrent.ScheduledExecutorService watchdog;
    private volatile long maxStallMillis = 30_000;

    @Override
    public java.util.List<StreamInfo> streams() {
        java.util.List<StreamInfo> all = new java.util.ArrayList<>();
        for (SseClient c : clients) {
            all.add(c.info());
        }
        all.sort(java.util.Comparator.comparing(StreamInfo::peer));
        return all;
    }

    @org.osgi.service.component.annotations.Activate
    void activate(Config config) {
        maxStallMillis = config.sseMaxStallSeconds() * 1000L;
        watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-sse");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(() -> {
            long now = System.currentTimeMillis();
            for (SseClient c : clients) {
                c.check(now);
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** A new bound applies to streams opened from now on; the open ones are not cut for a change of it. */
    @org.osgi.service.component.annotations.Modified
    void modified(Config config) {
        maxStallMillis = config.sseMaxStallSeconds() * 1000L;
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        watchdog.shutdownNow();
        for (SseClient c : clients) {
            c.close("the server is stopping");
        }
    }
}
