package io.switchboard.ixn.proxy.internal;

import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the interactions HTTP edge with arbitrary paths, methods, query strings and JSON-ish
 * bodies: never a 5xx (but the documented 501/2000 for an unrouted operation), never an exception out of the servlet, and a request the edge rejects
 * never reaches the proxy service (so it changes nothing).
 */
public class InteractionsServletPropertyTest {

    /** The status the fake service answers with, so a reached service is told apart from a rejection. */
    private static final int REACHED = 418;

    record Request(String servletPath, String pathInfo, String method, String query, String body,
            String authorization) {
    }

    /** Stands for the access control of rest: admits "Basic ok" only, refuses anything else as it would. */
    static final io.switchboard.api.http.HttpAccess ACCESS = (method, path, authorization, remote) -> {
        if ("GET".equals(method)) {
            return io.switchboard.api.http.HttpAccess.Decision.ADMITTED;
        }
        if (authorization == null) {
            return new io.switchboard.api.http.HttpAccess.Decision(401, "needs a user", "Authorization");
        }
        return "Basic ok".equals(authorization) ? io.switchboard.api.http.HttpAccess.Decision.ADMITTED
                : new io.switchboard.api.http.HttpAccess.Decision(403, "lacks role", "role");
    };

    @Property
    void noRequestGets5xxAndARejectedOneReachesNoService(@ForAll("requests") Request r) throws Exception {
        List<String> calls = new ArrayList<>();
        InteractionService service = (InteractionService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {InteractionService.class}, (p, m, a) -> {
                    if (m.getDeclaringClass() == Object.class) {
                        return m.getName().equals("hashCode") ? 1 : m.getName().equals("equals") ? p == a[0] : "fake";
                    }
                    calls.add(m.getName());
                    throw new InteractionException(2000, REACHED, "reached", m.getName());
                });
        InteractionsServlet servlet = new InteractionsServlet();
        servlet.access = ACCESS;
        servlet.addProxy(service, Map.of(InteractionService.PROXY_NAME, "p"));
        int[] status = {0};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] body = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getServletPath" -> r.servletPath();
                    case "getPathInfo" -> r.pathInfo();
                    case "getMethod" -> r.method();
                    case "getQueryString" -> r.query();
                    case "getRequestURI" -> r.servletPath() + (r.pathInfo() == null ? "" : r.pathInfo());
                    case "getInputStream" -> new ServletInputStream() {
                        @Override
                        public int read() {
                            return in.read();
                        }

                        @Override
                        public boolean isFinished() {
                            return in.available() == 0;
                        }

                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setReadListener(ReadListener l) {
                        }
                    };
                    case "getContentLength" -> body.length;
                    case "getHeader" -> "Authorization".equalsIgnoreCase((String) a[0]) ? r.authorization() : null;
                    default -> null;
                });
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status[0] = (Integer) a[0];
                        case "getOutputStream" -> {
                            return new ServletOutputStream() {
                                @Override
                                public void write(int b) {
                                    out.write(b);
                                }

                                @Override
                                public boolean isReady() {
                                    return true;
                                }

                                @Override
                                public void setWriteListener(WriteListener l) {
                                }
                            };
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        servlet.service(req, resp);
        String answer = out.toString(StandardCharsets.UTF_8);
        // 501 with code 2000 is the documented answer (README, proxy error codes) for an operation the
        // proxy does not route; every other answer to a fuzzed request must be a 4xx
        boolean unrouted = status[0] == 501 && answer.startsWith("{\"code\":2000,");
        if (!unrouted && (status[0] < 400 || status[0] >= 500)) {
            throw new AssertionError(r + " answered " + status[0] + " " + answer);
        }
        if (status[0] != REACHED && !calls.isEmpty()) {
            throw new AssertionError(r + " answered " + status[0] + " but called " + calls);
        }
        if ((status[0] == 401 || status[0] == 403) != !ACCESS.decide(r.method(), null, r.authorization(), null)
                .admitted()) {
            throw new AssertionError(r + " answered " + status[0] + " " + answer + " against its access decision");
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> servlet = Arbitraries.of("/api/v1/interactions", "/api/v1/workbins", "/api/v1/agents",
                "/api/v1/snapshots", "/api/v1/other");
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("pull", "find", "data", "place-in-queue", "stop",
                "accept", "put", "login", "logout", "ready", "not-ready", "acme", "a1", "", "%zz"),
                Arbitraries.strings().ofMaxLength(20), Arbitraries.strings().withChars('x').ofLength(129));
        Arbitrary<String> path = segment.list().ofMaxSize(4).map(l -> l.isEmpty() ? null : "/" + String.join("/", l));
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PATCH", "PUT", "DELETE", "X");
        Arbitrary<String> query = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("max=3", "max=x", "proxy=p",
                "owner=o", "%", "max=%zz", "proxy=%E0%A4%A"), Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> authorization = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("Basic ok",
                "Basic other", ""));
        return Combinators.combine(servlet, path, method, query, JsonishArbitraries.bodies(), authorization)
                .as(Request::new);
    }
}
