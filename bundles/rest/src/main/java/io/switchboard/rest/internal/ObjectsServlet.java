package io.switchboard.rest.internal;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.stats.StatisticsService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /api/v1/objects/{tenant}/{type}/{id}/state}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-objects")
@HttpWhiteboardServletPattern("/api/v1/objects/*")
public class ObjectsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    private transient StatisticsService stats;

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private transient volatile io.switchboard.api.event.EventIngestService ingest;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] parts = subPath(req).split("/");
        // "", tenant, type, id, "state"
        if (parts.length != 5 || !"state".equals(parts[4])) {
            throw SwitchboardException.notFound("no such resource: " + req.getRequestURI(),
                    "expected /api/v1/objects/{tenant}/{type}/{id}/state");
        }
        ObjectRef ref = StatRequestParser.ref(decode(parts[1]), decode(parts[2]), decode(parts[3]), "type");
        awaitAcknowledged(ingest);
        Json.write(resp, 200, Json.state(stats.state(ref)));
    }

    private static String decode(String s) {
        return decode(s, "path");
    }
}
