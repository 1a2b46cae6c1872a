package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.cluster.SourceOwnership;
import io.switchboard.api.event.IngestResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class SourceForwardingTest {

    /** The owner of source "far": a real HTTP server answering as a node's events servlet does. */
    private HttpServer owner;
    private final List<String> received = new ArrayList<>();
    private final List<String> forwardedBy = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    @Before
    public void startOwner() throws Exception {
        owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        owner.createContext("/api/v1/events", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (received) {
                received.add(body);
                forwardedBy.add(x.getRequestHeaders().getFirst(SourceForwarding.FORWARDED_BY));
                authorizations.add(x.getRequestHeaders().getFirst("Authorization"));
            }
            // the owner rejects its second line
            byte[] answer = "{\"accepted\":1,\"duplicates\":0,\"rejected\":[{\"line\":2,\"error\":\"bad seq\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        owner.start();
    }

    @After
    public void stopOwner() {
        owner.stop(0);
    }

    private SourceOwnership cluster(String ownerHttp) {
        return new SourceOwnership() {
            @Override
            public Claim claim(String source) {
                return source.equals("far") ? new Claim(false, "b", "127.0.0.1:7022") : Claim.granted("a");
            }

            @Override
            public String self() {
                return "a";
            }

            @Override
            public Map<String, List<String>> owners() {
                return Map.of();
            }

            @Override
            public String http(String node) {
                return node.equals("b") ? ownerHttp : null;
            }
        };
    }

    private static String event(String source, int seq) {
        return "{\"source\":\"" + source + "\",\"seq\":" + seq + ",\"type\":\"AgentLogin\"}";
    }

    @Test
    public void linesOfASourceOwnedElsewhereArePostedToItsOwnerAndTheAnswerSpeaksInTheBodysLineNumbers() {
        SourceForwarding f = new SourceForwarding(cluster("127.0.0.1:" + owner.getAddress().getPort()),
                new SourceForwarding.JdkSender());
        List<String> lines = List.of(event("near", 1), event("far", 1), "not json", event("far", 2), event("near", 2));
        SourceForwarding.Routing routing = f.route(lines);
        assertEquals(Map.of("a", List.of(0, 2, 4), "b", List.of(1, 3)), routing.byNode());
        List<List<String>> here = new ArrayList<>();
        IngestResult r = f.apply(lines, routing, part -> {
            here.add(part);
            // the local bus rejects the part's second line (the body's third: not JSON)
            return new IngestResult(2, 0, List.of(new IngestResult.Rejection(2, "not JSON")));
        }, "/api/v1/events", "Basic dTpw");
        assertEquals(List.of(List.of(event("near", 1), "not json", event("near", 2))), here);
        assertEquals(List.of(event("far", 1) + "\n" + event("far", 2)), received);
        assertEquals(List.of("a"), forwardedBy);
        assertEquals(List.of("Basic dTpw"), authorizations);
        assertEquals(3, r.accepted());
        List<String> rejected = new ArrayList<>();
        r.rejected().forEach(x -> rejected.add(x.line() + ":" + x.error()));
        rejected.sort(null);
        assertEquals(List.of("3:not JSON", "4:bad seq"), rejected);
    }

    @Test
    public void aBodyOfThisNodesSourcesStaysHere() {
        SourceForwarding f = new SourceForwarding(cluster("127.0.0.1:1"), new SourceForwarding.JdkSender());
        assertTrue(f.route(List.of(event("near", 1), "{}", "", event("near", 2))).allHere());
        assertTrue(f.route(List.of()).allHere());
    }

    @Test
    public void anOwnerThatCannotBeReachedIsA503NamingItAndSayingToPostAgain() {
        SourceForwarding f = new SourceForwarding(cluster("127.0.0.1:1"), new SourceForwarding.JdkSender());
        List<String> lines = List.of(event("far", 1));
        try {
            f.apply(lines, f.route(lines), part -> { throw new AssertionError("nothing is local"); }, "/api/v1/events", null);
            fail("forwarded to a closed port");
        } catch (SwitchboardException e) {
            assertEquals(503, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("node 'b'") && e.getMessage().contains("post the body again"));
        }
    }

    @Test
    public void anOwnerWithoutAnHttpAddressIsA503() {
        SourceForwarding f = new SourceForwarding(cluster(null), new SourceForwarding.JdkSender());
        try {
            f.route(List.of(event("far", 1)));
            fail("no address to forward to");
        } catch (SwitchboardException e) {
            assertEquals(503, e.code());
            assertEquals("source", e.detail());
        }
    }

    @Test
    public void theSourceIsTheTopLevelStringTheBusWouldTake() {
        assertEquals("s1", SourceForwarding.sourceOf("{\"data\":{\"source\":\"x\"},\"source\":\"s1\",\"seq\":1}"));
        assertNull(SourceForwarding.sourceOf("{\"source\":7}"));
        assertNull(SourceForwarding.sourceOf("{\"source\":\"\"}"));
        assertNull(SourceForwarding.sourceOf("{\"source\":\"" + "x".repeat(10_000) + "\"}"));
        assertNull(SourceForwarding.sourceOf("[\"source\",\"s1\"]"));
        assertNull(SourceForwarding.sourceOf("{\"source\":"));
        assertNull(SourceForwarding.sourceOf(""));
        assertNull(SourceForwarding.sourceOf("{\"seq\":1}"));
    }
}
