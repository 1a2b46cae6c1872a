package io.switchboard.rest.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.api.Limits;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.cluster.SourceOwnership;
import io.switchboard.api.event.IngestResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An HTTP post's events for a source that another node owns go to that node (API.md, "Cluster":
 * "an HTTP post for a source owned elsewhere is forwarded"), so that one source is applied by one
 * node at a time whichever node its client posts to, as a TCP source is. A forwarded post that
 * reaches a node which no longer owns a source is refused, not forwarded again: ownership moved
 * while it travelled, and the client's resend settles it (the owner drops what it already has).
 */
final class SourceForwarding {

    /** Marks a post one node forwarded to another: names the node it came from. */
    static final String FORWARDED_BY = "X-Switchboard-Forwarded-By";

    private static final JsonFactory JSON = new JsonFactory();

    /** Posts a body to another node's HTTP port; the answer's status and JSON body. */
    interface Sender {
        Answer post(String hostPort, String pathAndQuery, String body, String authorization, String from)
                throws IOException;
    }

    record Answer(int status, JsonNode body) {
    }

    /** Lines of one body by the node that applies them; this node's under {@link #self}. */
    record Routing(String self, Map<String, List<Integer>> byNode, Map<String, String> http) {
        boolean allHere() {
            return byNode.size() <= 1 && (byNode.isEmpty() || byNode.containsKey(self));
        }
    }

    private final SourceOwnership owners;
    private final Sender sender;

    SourceForwarding(SourceOwnership owners, Sender sender) {
        this.owners = owners;
        this.sender = sender;
    }

    /**
     * Where each line goes. A line without a source the bus would take (not JSON, no source, one
     * over the limits) stays here and is rejected here with the bus's reason; so does a line whose
     * owner cannot be reached by HTTP (a cluster without a solution has no addresses: any node
     * takes any source, as before).
     */
    Routing route(List<String> lines) {
        String self = owners.self();
        Map<String, String> ownerOf = new LinkedHashMap<>();
        Map<String, String> http = new LinkedHashMap<>();
        Map<String, List<Integer>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String source = sourceOf(lines.get(i));
            String node = source == null ? self : ownerOf.computeIfAbsent(source, s -> ownerOf(s, http));
            byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(i);
        }
        return new Routing(self, byNode, http);
    }

    /** The node that applies {@code source}'s events; its HTTP address into {@code http}. */
    String ownerOf(String source, Map<String, String> http) {
        SourceOwnership.Claim claim;
        try {
            claim = owners.claim(source);
        } catch (RuntimeException e) {
            throw new SwitchboardException(503, "the owner of source '" + source + "' cannot be decided now: "
                    + e.getMessage(), "source");
        }
        if (claim.granted()) {
            return owners.self();
        }
        String address = owners.http(claim.owner());
        if (address == null) {
            throw new SwitchboardException(503, "source '" + source + "' is owned by node '" + claim.owner()
                    + "', whose HTTP port is not known here", "source");
        }
        http.put(claim.owner(), address);
        return claim.owner();
    }

    /**
     * Applies here what is this node's ({@code local}, with the lines of this node in order) and
     * posts the rest to its owners, then answers for the whole body in its own line numbers.
     */
    IngestResult apply(List<String> lines, Routing routing, Function<List<String>, IngestResult> local,
            String path, String authorization) {
        int accepted = 0;
        int duplicates = 0;
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : routing.byNode().entrySet()) {
            List<Integer> at = e.getValue();
            List<String> part = new ArrayList<>(at.size());
            at.forEach(i -> part.add(lines.get(i)));
            IngestResult r = e.getKey().equals(routing.self()) ? local.apply(part)
                    : forward(e.getKey(), routing.http().get(e.getKey()), path, String.join("\n", part), authorization);
            accepted += r.accepted();
            duplicates += r.duplicates();
            for (IngestResult.Rejection x : r.rejected()) {
                int line = x.line() >= 1 && x.line() <= at.size() ? at.get(x.line() - 1) + 1 : x.line();
                rejected.add(new IngestResult.Rejection(line, x.error(), x.seq()));
            }
        }
        return new IngestResult(accepted, duplicates, rejected);
    }

    /** Posts a body to the node that owns its source; its answer, or the 503 that says why not. */
    IngestResult forward(String node, String address, String path, String body, String authorization) {
        Answer a;
        try {
            a = sender.post(address, path, body, authorization, owners.self());
        } catch (IOException e) {
            throw new SwitchboardException(503, "the events of node '" + node + "' could not be forwarded to it at "
                    + address + " (" + e.getMessage() + "); events of other nodes' sources in this body may have"
                    + " been accepted: post the body again, what was accepted counts as duplicates", "source");
        }
        JsonNode b = a.body();
        if (a.status() != 200 || b == null || !b.path("accepted").isInt()) {
            String why = b != null && b.hasNonNull("error") ? b.get("error").asText() : "status " + a.status();
            throw new SwitchboardException(a.status() >= 400 && a.status() < 500 ? a.status() : 503,
                    "node '" + node + "', which owns the body's events, answered: " + why, "source");
        }
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        for (JsonNode r : b.path("rejected")) {
            rejected.add(new IngestResult.Rejection(r.path("line").asInt(), r.path("error").asText()));
        }
        return new IngestResult(b.get("accepted").asInt(), b.path("duplicates").asInt(), rejected);
    }

    /** The top-level string {@code source} of an event line if the bus would take it, else null. */
    static String sourceOf(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken value = p.nextToken();
                if ("source".equals(name)) {
                    String s = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    return s != null && !s.isBlank() && Limits.checkText("source", s) == null ? s : null;
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the bus names what is wrong with it
        }
        return null;
    }

    /** Posts over HTTP/1.1 with the JDK's client. */
    static final class JdkSender implements Sender {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        @Override
        public Answer post(String hostPort, String pathAndQuery, String body, String authorization, String from)
                throws IOException {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + hostPort + pathAndQuery))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-ndjson")
                    .header(FORWARDED_BY, from)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) {
                req.header("Authorization", authorization);
            }
            try {
                HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
                JsonNode json;
                try {
                    json = Json.MAPPER.readTree(r.body());
                } catch (IOException e) {
                    json = null;
                }
                return new Answer(r.statusCode(), json);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
