package io.switchboard.rest.internal;

import io.switchboard.api.SwitchboardException;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Every path under {@code /api/v1/} that no other servlet serves: a 404 in the API's error JSON
 * rather than the web server's page (the longer patterns of the real resources win).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-not-found")
@HttpWhiteboardServletPattern("/api/v1/*")
public class NotFoundServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Json.error(resp, SwitchboardException.notFound("no such resource: " + req.getMethod() + " "
                + req.getRequestURI(), "path"));
    }
}
