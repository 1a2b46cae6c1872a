package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatTypes;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.StatisticsService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Stat types and named time profiles: {@code GET|PUT /api/v1/stattypes[/{name}]} and
 * {@code GET|PUT /api/v1/timeprofiles[/{name}]}. Lists come in the form of the seed files
 * ({@code {"statTypes": [...]}}, {@code {"timeProfiles": {name: profile}}}), so an answer can be
 * saved as a seed.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-definitions")
@HttpWhiteboardServletPattern({"/api/v1/stattypes", "/api/v1/stattypes/*", "/api/v1/timeprofiles",
    "/api/v1/timeprofiles/*"})
public class DefinitionsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    private transient StatisticsService stats;

    private static boolean isStatTypes(HttpServletRequest req) {
        return req.getServletPath().endsWith("/stattypes");
    }

    /** The {name} of the path, or null for the collection. */
    private static String name(HttpServletRequest req) {
        String p = subPath(req);
        if (p.isEmpty() || "/".equals(p)) {
            return null;
        }
        String name = decode(p.substring(1), "path");
        if (name.contains("/")) {
            throw SwitchboardException.notFound("no such resource: " + req.getRequestURI(), "path");
        }
        return name;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = name(req);
        if (isStatTypes(req)) {
            if (name != null) {
                StatType t = stats.statType(name);
                if (t == null) {
                    throw SwitchboardException.notFound("unknown stat type '" + name + "'", "name");
                }
                Json.write(resp, 200, Json.MAPPER.valueToTree(StatTypes.toMap(t)));
                return;
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode list = body.putArray("statTypes");
            for (StatType t : stats.statTypes()) {
                list.add(Json.MAPPER.<JsonNode>valueToTree(StatTypes.toMap(t)));
            }
            Json.write(resp, 200, body);
            return;
        }
        if (name != null) {
            TimeProfileDefinition p = stats.timeProfile(name);
            if (p == null) {
                throw SwitchboardException.notFound("unknown time profile '" + name + "'", "name");
            }
            Json.write(resp, 200, Json.MAPPER.valueToTree(p.definition()));
            return;
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode profiles = body.putObject("timeProfiles");
        for (TimeProfileDefinition p : stats.timeProfiles()) {
            profiles.set(p.name(), Json.MAPPER.valueToTree(p.definition()));
        }
        Json.write(resp, 200, body);
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = name(req);
        if (name == null) {
            throw new SwitchboardException(405, "PUT needs a name: " + req.getRequestURI() + "/{name}", "path");
        }
        JsonNode body = Json.readBody(req);
        if (!body.isObject()) {
            throw SwitchboardException.badRequest("request body must be a JSON object", "body");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.MAPPER.convertValue(body, Map.class);
        if (isStatTypes(req)) {
            Object given = map.get("name");
            if (given != null && !name.equals(given)) {
                throw SwitchboardException.badRequest("field 'name' is '" + given + "' but the path names '" + name
                        + "'", "name");
            }
            map.put("name", name);
            StatType stored = stats.putStatType(StatTypes.fromMap(map, name, "statType"));
            Json.write(resp, 200, Json.MAPPER.valueToTree(StatTypes.toMap(stored)));
            return;
        }
        TimeProfileDefinition stored = stats.putTimeProfile(new TimeProfileDefinition(name, map));
        Json.write(resp, 200, Json.MAPPER.valueToTree(stored.definition()));
    }
}
