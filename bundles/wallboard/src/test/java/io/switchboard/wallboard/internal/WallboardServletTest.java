package io.switchboard.wallboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.Test;

public class WallboardServletTest {

    /** What the servlet answered. */
    static final class Answer {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    /** GET of {@code /wallboard<pathInfo>} as the whiteboard hands it over (servlet path {@code /wallboard}). */
    private static Answer get(String pathInfo, String query) throws Exception {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(
                WallboardServletTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getPathInfo" -> pathInfo;
                    case "getServletPath" -> "/wallboard";
                    case "getContextPath" -> "";
                    case "getRequestURI" -> "/wallboard" + (pathInfo == null ? "" : pathInfo);
                    case "getQueryString" -> query;
                    case "getProtocol" -> "HTTP/1.1";
                    case "getHeader", "getParameter" -> null;
                    case "getDateHeader" -> -1L;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Answer answer = new Answer();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                answer.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(
                WallboardServletTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> answer.status = (Integer) a[0];
                        case "setContentType" -> answer.contentType = (String) a[0];
                        case "setHeader" -> answer.headers.put((String) a[0], (String) a[1]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "setContentLength", "setCharacterEncoding", "flushBuffer" -> { }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
        new WallboardServlet().service(req, resp);
        return answer;
    }

    @Test
    public void servesThePageAtTheDirectoryAndByName() throws Exception {
        for (String path : new String[] {"/", "/index.html"}) {
            Answer a = get(path, null);
            assertEquals(path, 200, a.status);
            assertTrue(a.contentType, a.contentType.startsWith("text/html"));
            assertTrue(a.text().contains("<script src=\"wallboard.js\"></script>"));
            assertTrue(a.text().contains("id=\"queues\""));
        }
    }

    @Test
    public void servesTheScriptAndStyleSheetWithTheirTypes() throws Exception {
        Answer js = get("/wallboard.js", null);
        assertEquals(200, js.status);
        assertTrue(js.contentType.startsWith("text/javascript"));
        // the page follows the statistics over the API's event stream
        assertTrue(js.text().contains("/stream?refs="));
        assertTrue(js.text().contains("CurrentAgentState"));
        Answer css = get("/wallboard.css", null);
        assertEquals(200, css.status);
        assertTrue(css.contentType.startsWith("text/css"));
        assertEquals("nosniff", css.headers.get("X-Content-Type-Options"));
    }

    @Test
    public void withoutTrailingSlashRedirectsKeepingTheQuery() throws Exception {
        Answer a = get(null, "tenant=acme&queues=q1");
        assertEquals(301, a.status);
        assertEquals("/wallboard/?tenant=acme&queues=q1", a.headers.get("Location"));
    }

    @Test
    public void unknownPathsAre404InTheApiErrorFormat() throws Exception {
        Answer a = get("/nothing.js", null);
        assertEquals(404, a.status);
        assertEquals("application/json", a.contentType);
        assertTrue(a.text(), a.text().startsWith("{\"code\":404,"));
    }

    @Test
    public void noPathReachesOtherFilesOfTheBundleOrTheDisk() throws Exception {
        for (String path : new String[] {"/../io/switchboard/wallboard/internal/WallboardServlet.class",
                "/../META-INF/MANIFEST.MF", "/./index.html", "//index.html", "/%2e%2e/etc/passwd",
                "/../../../../etc/passwd", "/index.html/", "/INDEX.HTML", "/wallboard/index.html"}) {
            Answer a = get(path, null);
            assertEquals(path, 404, a.status);
            assertTrue(path, a.text().startsWith("{\"code\":404,"));
        }
    }
}
