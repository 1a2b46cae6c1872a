package io.switchboard.rest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatSubscription;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.AsyncContext;

/**
 * One Server-Sent Events client. Notifications land in a map holding the latest value per ref,
 * so a slow client costs one value per statistic, never a growing queue, and never slows the
 * engine; a thread of its own writes them out (a stalled socket blocks only this client).
 */
final class SseClient implements Runnable {

    /** Comment lines keep proxies from closing an idle stream and reveal dead clients. */
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final AsyncContext async;
    private final Map<String, StatValue> pending = new LinkedHashMap<>();
    private final List<StatSubscription> subscriptions = new ArrayList<>();
    private boolean closed;

    SseClient(AsyncContext async) {
        this.async = async;
    }

    synchronized void add(StatSubscription s) {
        subscriptions.add(s);
    }

    /** Called by the engine's notifier: records the latest value and returns at once. */
    synchronized void offer(String ref, StatValue value) {
        if (closed) {
            return;
        }
        pending.remove(ref);
        pending.put(ref, value);
        notifyAll();
    }

    @Override
    public void run() {
        try {
            OutputStream out = async.getResponse().getOutputStream();
            while (true) {
                Map<String, StatValue> batch;
                synchronized (this) {
                    if (pending.isEmpty() && !closed) {
                        wait(HEARTBEAT_MILLIS);
                    }
                    if (closed) {
                        return;
                    }
                    batch = new LinkedHashMap<>(pending);
                    pending.clear();
                }
                StringBuilder b = new StringBuilder();
                if (batch.isEmpty()) {
                    b.append(": keep-alive\n\n");
                }
                for (Map.Entry<String, StatValue> e : batch.entrySet()) {
                    ObjectNode data = Json.MAPPER.createObjectNode().put("ref", e.getKey());
                    data.setAll(Json.statValue(e.getValue()));
                    b.append("event: stat\ndata: ").append(Json.MAPPER.writeValueAsString(data)).append("\n\n");
                }
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away; its statistics stay in the pool
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifyAll();
        for (StatSubscription s : subscriptions) {
            s.close();
        }
        try {
            async.complete();
        } catch (RuntimeException alreadyDone) {
            // completed by the container (timeout or disconnect)
        }
    }
}
