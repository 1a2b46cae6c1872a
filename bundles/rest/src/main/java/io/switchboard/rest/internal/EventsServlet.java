package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code POST /api/v1/events}: a body of NDJSON canonical events. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-events")
@HttpWhiteboardServletPattern("/api/v1/events")
public class EventsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    /** Lines longer than this are rejected, as on the TCP transport. */
    static final int MAX_LINE = 64 * 1024;

    @Reference
    private transient EventIngestService ingest;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
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
        IngestResult result;
        try {
            result = ingest.ingestLines(lines);
        } catch (IllegalStateException e) {
            throw new SwitchboardException(503, "events could not be applied: " + e.getMessage(), "body");
        }
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
