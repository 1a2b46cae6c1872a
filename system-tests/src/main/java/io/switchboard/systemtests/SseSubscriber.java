package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** One Server-Sent Events stream of statistics ({@code GET /api/v1/stats/stream?refs=...}). */
public final class SseSubscriber implements AutoCloseable {

    /** Called on the stream's thread for each notification, with the moment it was read. */
    @FunctionalInterface
    public interface Listener {
        void onValue(String ref, JsonNode value, long receivedNanos);
    }

    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final AtomicLong notifications = new AtomicLong();
    private volatile Stream<String> lines;
    private volatile boolean closed;

    public SseSubscriber(Http http, List<String> refs, Listener listener) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/stats/stream?refs="
                + String.join(",", refs))).header("Accept", "text/event-stream").GET().build();
        response = http.client().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            if (r.statusCode() != 200) {
                r.body().close();
                throw new IllegalStateException("SSE answered " + r.statusCode());
            }
            lines = r.body();
            try {
                lines.forEach(line -> {
                    if (line.startsWith("data:")) {
                        long now = System.nanoTime();
                        try {
                            JsonNode n = Http.JSON.readTree(line.substring(5).trim());
                            notifications.incrementAndGet();
                            listener.onValue(n.get("ref").asText(), n.get("value"), now);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
            } catch (RuntimeException e) {
                if (!closed) {
                    throw e;
                }
            }
        }, r -> {
            Thread t = new Thread(r, "sse-" + refs.size());
            t.setDaemon(true);
            t.start();
        });
    }

    public long notifications() {
        return notifications.get();
    }

    @Override
    public void close() {
        closed = true;
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
        response.cancel(true);
    }
}
