package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.cluster.SourceOwnership;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.event.QueueLogIngestService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code POST /api/v1/events}: a body of NDJSON canonical events. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-events")
@HttpWhiteboardServletPattern({"/api/v1/events", "/api/v1/events/*"})
public class EventsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** Lines longer than this are rejected, as on the TCP transport. */
    static final int MAX_LINE = 64 * 1024;

    @Reference
    private transient EventIngestService ingest;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient QueueLogIngestService queueLog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient SourceOwnership owners;

    private final transient SourceForwarding.Sender sender = new SourceForwarding.JdkSender();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = subPath(req);
        if ("/queue-log".equals(path)) {
            queueLog(req, resp);
            return;
        }
        if (!path.isEmpty() && !"/".equals(path)) {
            throw SwitchboardException.notFound("no such resource: " + req.getRequestURI(), "path");
        }
        List<String> lines = new ArrayList<>();
        List<IngestResult.Rejection> tooLong = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(req.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.length() > MAX_LINE) {
                    tooLong.add(new IngestResult.Rejection(lines.size() + 1, "line longer than 64 KiB"));
                    // keep the numbering: an empty line is skipped by the parser
                    lines.add("");
                } else {
                    lines.add(line);
                }
            }
        }
        SourceOwnership o = owners;
        IngestResult result;
        if (o == null || !o.shared()) {
            result = ingestHere(lines);
        } else {
            SourceForwarding forwarding = new SourceForwarding(o, sender);
            SourceForwarding.Routing routing = forwarding.route(lines);
            if (routing.allHere()) {
                result = ingestHere(lines);
            } else {
                refuseForwardedTwice(req, routing.byNode().keySet().stream().filter(n -> !n.equals(o.self()))
                        .findFirst().orElse(null));
                result = forwarding.apply(lines, routing, this::ingestHere, "/api/v1/events",
                        req.getHeader("Authorization"));
            }
        }
        answer(resp, result, tooLong);
    }

    private IngestResult ingestHere(List<String> lines) {
        try {
            return ingest.ingestLines(lines);
        } catch (IllegalStateException e) {
            throw new SwitchboardException(503, "events could not be applied: " + e.getMessage(), "body");
        }
    }

    /** A post another node forwarded here names sources this node owns: else ownership moved meanwhile. */
    private static void refuseForwardedTwice(HttpServletRequest req, String owner) {
        String from = req.getHeader(SourceForwarding.FORWARDED_BY);
        if (from != null) {
            throw new SwitchboardException(503, "node '" + from + "' forwarded events here whose source is owned by '"
                    + owner + "' now; post them again", "source");
        }
    }

    /** {@code POST /api/v1/events/queue-log?tenant=T&source=S[&line=N]}: a body of queue_log lines. */
    private void queueLog(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        QueueLogIngestService service = queueLog;
        if (service == null) {
            throw new SwitchboardException(503, "the queue_log adapter is not installed "
                    + "(feature:install switchboard-adapter-queuelog)", "path");
        }
        String tenant = queryParam(req, "tenant");
        String source = queryParam(req, "source");
        if (tenant == null || tenant.isBlank()) {
            throw SwitchboardException.badRequest("parameter 'tenant' is required", "tenant");
        }
        if (source == null || source.isBlank()) {
            throw SwitchboardException.badRequest("parameter 'source' is required", "source");
        }
        for (String[] p : new String[][] {{"tenant", tenant}, {"source", source}}) {
            String error = io.switchboard.api.Limits.checkText(p[0], p[1]);
            if (error != null) {
                throw SwitchboardException.badRequest(error, p[0]);
            }
        }
        long firstLine = 1;
        String line = queryParam(req, "line");
        if (line != null) {
            try {
                firstLine = Long.parseLong(line);
            } catch (NumberFormatException e) {
                firstLine = 0;
            }
            // the answer numbers rejected lines with 32-bit integers
            if (firstLine < 1 || firstLine > Integer.MAX_VALUE) {
                throw SwitchboardException.badRequest("parameter 'line' must be the number of the body's first line, "
                        + "from 1 to " + Integer.MAX_VALUE, "line");
            }
        }
        String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        SourceOwnership o = owners;
        if (o != null && o.shared()) {
            SourceForwarding forwarding = new SourceForwarding(o, sender);
            Map<String, String> http = new HashMap<>();
            String owner = forwarding.ownerOf(source, http);
            if (!owner.equals(o.self())) {
                refuseForwardedTwice(req, owner);
                answer(resp, forwarding.forward(owner, http.get(owner), req.getRequestURI() + "?" + req.getQueryString(),
                        body, req.getHeader("Authorization")), List.of());
                return;
            }
        }
        IngestResult result;
        try {
            result = service.ingest(tenant, source, firstLine, body);
        } catch (IllegalStateException e) {
            throw new SwitchboardException(503, "events could not be applied: " + e.getMessage(), "body");
        }
        answer(resp, result, List.of());
    }

    private static void answer(HttpServletResponse resp, IngestResult result, List<IngestResult.Rejection> tooLong)
            throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("accepted", result.accepted());
        body.put("duplicates", result.duplicates());
        ArrayNode rejected = body.putArray("rejected");
        List<IngestResult.Rejection> all = new ArrayList<>(result.rejected());
        all.addAll(tooLong);
        all.sort((a, b) -> Integer.compare(a.line(), b.line()));
        for (IngestResult.Rejection r : all) {
            rejected.addObject().put("line", r.line()).put("error", r.error());
        }
        Json.write(resp, 200, body);
    }
}
