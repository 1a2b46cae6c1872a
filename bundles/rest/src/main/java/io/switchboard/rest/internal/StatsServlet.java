package io.switchboard.rest.internal;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.stats.StatisticsService;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code /api/v1/stats/...}: peeking at statistics. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-stats")
@HttpWhiteboardServletPattern("/api/v1/stats/*")
public class StatsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    private transient StatisticsService stats;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = subPath(req);
        if ("/peek".equals(path)) {
            StatRequestParser parser = new StatRequestParser(stats::statType);
            Json.write(resp, 200, Json.statValue(stats.peek(parser.parse(Json.readBody(req)))));
            return;
        }
        throw SwitchboardException.notFound("no such resource: " + req.getRequestURI(), "path");
    }
}
