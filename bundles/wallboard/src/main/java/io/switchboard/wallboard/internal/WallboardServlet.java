package io.switchboard.wallboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /wallboard/}: the wallboard page and its script and style sheet. Only the files named
 * here are served, so no request path can reach anything else of the bundle or the disk. The page
 * itself talks to the public statistics API (open, then follow over Server-Sent Events); it needs
 * no server state of its own.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-wallboard")
@HttpWhiteboardServletPattern({"/wallboard", "/wallboard/*"})
public class WallboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Path below {@code /wallboard} → content type. */
    static final Map<String, String> ASSETS = Map.of(
            "/index.html", "text/html; charset=UTF-8",
            "/wallboard.js", "text/javascript; charset=UTF-8",
            "/wallboard.css", "text/css; charset=UTF-8");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            // Relative asset links resolve against /wallboard/, not against /.
            String query = req.getQueryString();
            resp.setStatus(301);
            resp.setHeader("Location", req.getContextPath() + req.getServletPath() + "/"
                    + (query == null ? "" : "?" + query));
            return;
        }
        if ("/".equals(path)) {
            path = "/index.html";
        }
        String type = ASSETS.get(path);
        if (type == null) {
            notFound(resp, req.getRequestURI());
            return;
        }
        try (InputStream in = WallboardServlet.class.getResourceAsStream("/wallboard" + path)) {
            if (in == null) {
                notFound(resp, req.getRequestURI());
                return;
            }
            byte[] body = in.readAllBytes();
            resp.setStatus(200);
            resp.setContentType(type);
            // The page is left open for days: after an upgrade a reload must fetch the new script.
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setContentLength(body.length);
            try (OutputStream out = resp.getOutputStream()) {
                out.write(body);
            }
        }
    }

    /** The API's error body ({@code code}, {@code error}, {@code detail}), as every endpoint answers. */
    private static void notFound(HttpServletResponse resp, String uri) throws IOException {
        String safe = uri == null ? "" : uri.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", "");
        byte[] body = ("{\"code\":404,\"error\":\"no such wallboard file: " + safe + "\",\"detail\":\"path\"}")
                .getBytes(StandardCharsets.UTF_8);
        resp.setStatus(404);
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(body);
        }
    }
}
