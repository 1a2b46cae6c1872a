package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Configuration objects: {@code GET|PUT|DELETE /api/v1/config/{tenant}/{type}/{id}} and
 * {@code POST /api/v1/config/import} (all or nothing).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-config")
@HttpWhiteboardServletPattern("/api/v1/config/*")
public class ConfigServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    private transient ConfigurationService config;

    private record Path3(String tenant, String type, String id) {
    }

    private static Path3 path(HttpServletRequest req) {
        String[] parts = subPath(req).split("/");
        if (parts.length != 4) {
            throw SwitchboardException.notFound("no such resource: " + req.getRequestURI(),
                    "expected /api/v1/config/{tenant}/{type}/{id}");
        }
        Path3 p = new Path3(decode(parts[1]), decode(parts[2]), decode(parts[3]));
        checkName("tenant", p.tenant());
        checkName("type", p.type());
        checkName("id", p.id());
        return p;
    }

    /** The limits of names (io.switchboard.api.Limits) at the edge, for reads and deletes too. */
    private static void checkName(String field, String value) {
        String error = io.switchboard.api.Limits.checkText(field, value);
        if (error != null) {
            throw SwitchboardException.badRequest(error, field);
        }
    }

    private static String decode(String s) {
        return decode(s, "path");
    }

    static Map<String, Object> toJson(ConfigObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant", o.tenant());
        m.put("type", o.type());
        m.put("id", o.id());
        m.putAll(o.attributes());
        if (o.attributes().get("statusPriority") instanceof String order) {
            m.put("statusPriority", order.split(","));
        }
        if (!o.members().isEmpty() || o.type().endsWith("Group")) {
            m.put("members", o.members());
        }
        return m;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Path3 p = path(req);
        ConfigObject o = config.get(p.tenant(), p.type(), p.id());
        if (o == null) {
            throw SwitchboardException.notFound("no " + p.type() + " '" + p.id() + "' in tenant '" + p.tenant() + "'",
                    "id");
        }
        Json.write(resp, 200, Json.MAPPER.valueToTree(toJson(o)));
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Path3 p = path(req);
        JsonNode body = Json.readBody(req);
        if (!body.isObject()) {
            throw SwitchboardException.badRequest("request body must be a JSON object", "body");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.MAPPER.convertValue(body, Map.class);
        Json.write(resp, 200, Json.MAPPER.valueToTree(toJson(config.put(p.tenant(), p.type(), p.id(), map))));
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) {
        Path3 p = path(req);
        if (!config.delete(p.tenant(), p.type(), p.id())) {
            throw SwitchboardException.notFound("no " + p.type() + " '" + p.id() + "' in tenant '" + p.tenant() + "'",
                    "id");
        }
        resp.setStatus(204);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/import".equals(subPath(req))) {
            throw SwitchboardException.notFound("no such resource: " + req.getRequestURI(), "path");
        }
        JsonNode body = Json.readBody(req);
        if (!body.isObject()) {
            throw SwitchboardException.badRequest("a configuration document is {\"objects\": [...]}", "objects");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = Json.MAPPER.convertValue(body, Map.class);
        int n = config.importDocument(doc);
        Json.write(resp, 200, Json.MAPPER.createObjectNode().put("imported", n));
    }
}
