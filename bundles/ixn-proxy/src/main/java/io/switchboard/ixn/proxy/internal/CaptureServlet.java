package io.switchboard.ixn.proxy.internal;

import io.switchboard.api.capture.CaptureTasks;
import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The REST capture points of API.md: {@code POST /api/v1/capture/<path>/tasks} (the document) →
 * {@code 201 {"id", "node"}}; {@code GET|PATCH|DELETE .../tasks/{id}} read, update the data of, or
 * stop a task that capture point created. Served beside the interactions, with their JSON and
 * errors; a path no capture point has is a 404.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-capture")
@HttpWhiteboardServletPattern("/api/v1/capture/*")
public class CaptureServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    transient io.switchboard.api.http.HttpAccess access;

    private final transient Map<String, CaptureTasks> points = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCapturePoint(CaptureTasks point, Map<String, Object> props) {
        points.put(String.valueOf(props.get(CaptureTasks.PATH)), point);
    }

    void removeCapturePoint(CaptureTasks point, Map<String, Object> props) {
        points.remove(String.valueOf(props.get(CaptureTasks.PATH)), point);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        InteractionsServlet.guarded(access, req, resp, () -> route(req, resp));
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] p = info.length() <= 1 ? new String[0] : info.substring(1).split("/");
        if (p.length < 2 || !"tasks".equals(p[1]) || p.length > 3) {
            throw new InteractionException(404, 404, "no such capture resource: " + req.getRequestURI(), "path");
        }
        CaptureTasks point = points.get(p[0]);
        if (point == null) {
            throw new InteractionException(404, 404, "no REST capture point '" + p[0] + "'", "path");
        }
        String method = req.getMethod();
        if (p.length == 2 && "POST".equals(method)) {
            Interaction i = point.submit(document(req));
            var body = InteractionsServlet.JSON.createObjectNode();
            body.put("id", i.id());
            body.put("node", i.node());
            InteractionsServlet.write(resp, 201, body);
            return;
        }
        if (p.length == 3) {
            String id = p[2];
            switch (method) {
                case "GET":
                    InteractionsServlet.write(resp, 200, InteractionsServlet.interaction(point.get(id)));
                    return;
                case "PATCH":
                    InteractionsServlet.write(resp, 200, InteractionsServlet.interaction(point.update(id,
                            InteractionsServlet.data(InteractionsServlet.optionalBody(req), "body"))));
                    return;
                case "DELETE":
                    String reason = InteractionsServlet.queryParam(req, "reason");
                    String error = io.switchboard.api.Limits.checkText("reason", reason);
                    if (error != null) {
                        throw InteractionException.badRequest(error, "reason");
                    }
                    InteractionsServlet.write(resp, 200, InteractionsServlet.interaction(point.stop(id, reason)));
                    return;
                default:
                    break;
            }
        }
        throw InteractionException.proxy(InteractionException.UNSUPPORTED_OPERATION, method + " "
                + req.getRequestURI());
    }

    /** The body as text, for the capture point to read as every type reads its documents. */
    private static String document(HttpServletRequest req) throws IOException {
        try (InputStream in = req.getInputStream()) {
            // a little past the limit: the capture point names it, and an endless body is not read to its end
            byte[] bytes = in.readNBytes(4 * 64 * 1024 + 1);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
