package io.switchboard.rest.internal;

import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Server-Sent Events client, written with non-blocking output: no thread ever waits on a
 * client's socket. Notifications land in a map holding the latest value per ref, so what waits
 * for a slow client is bounded by the refs it streams (a value per statistic, never a growing
 * queue) and the engine never waits for it. A client whose connection takes nothing for
 * {@code maxStallMillis} while values wait is disconnected, and the reason logged (and sent as an
 * {@code error} event should the connection take it).
 */
final class SseClient implements WriteListener {

    private static final Logger LOG = LoggerFactory.getLogger(SseClient.class);

    /** Comment lines keep proxies from closing an idle stream and reveal dead clients. */
    static final long HEARTBEAT_MILLIS = 15_000;

    private final AsyncContext async;
    private final String peer;
    private final long maxStallMillis;
    private final Runnable onClose;
    /** Renders and writes what waits, off the notifier's thread. */
    private final java.util.concurrent.Executor writer;
    /** A write is on its way through {@link #writer}: later values go with it. */
    private boolean writeScheduled;
    private final Map<String, StatValue> pending = new LinkedHashMap<>();
    private final List<StatSubscription> subscriptions = new ArrayList<>();
    private final long since = System.currentTimeMillis();
    private ServletOutputStream out;
    private boolean flushNeeded;
    private boolean heartbeatDue;
    private long lastWrite = System.currentTimeMillis();
    /** Since when values wait for a connection that takes nothing; 0 while it keeps up. */
    private long stalledSince;
    private boolean closed;

    String peer() {
        return peer;
    }

    /** What the shell shows of this stream: who, since when, which refs, how many values wait. */
    synchronized StreamInfo info() {
        List<String> refs = new ArrayList<>();
        for (StatSubscription s : subscriptions) {
            refs.add(s.ref());
        }
        return new StreamInfo(peer, since, refs, pending.size(), stalledSince);
    }

    SseClient(AsyncContext async, String peer, long maxStallMillis, Runnable onClose,
            java.util.concurrent.Executor writer) {
        this.async = async;
        this.peer = peer;
        this.maxStallMillis = maxStallMillis;
        this.onClose = onClose;
        this.writer = writer;
    }

    /** Starts writing; the container calls {@link #onWritePossible} when the stream can take data. */
    synchronized void start() throws IOException {
        out = async.getResponse().getOutputStream();
        out.setWriteListener(this);
    }

    synchronized void add(StatSubscription s) {
        if (closed) {
            s.close();
        } else {
            subscriptions.add(s);
        }
    }

    /**
     * Called by the engine's notifier: records the latest value and has it written soon. The
     * notifier's pass is the one thread every notification goes through: it only records here,
     * and the values of one pass for a stream go out together in one write, rendered on the
     * writer (one write and flush per value cost the pass a third of its time).
     */
    void offer(String ref, StatValue value) {
        synchronized (this) {
            if (closed) {
                return;
            }
            pending.remove(ref);
            pending.put(ref, value);
            if (writeScheduled) {
                return;
            }
            writeScheduled = true;
        }
        try {
            writer.execute(this::scheduledWrite);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            scheduledWrite();
        }
    }

    private void scheduledWrite() {
        synchronized (this) {
            writeScheduled = false;
        }
        flush();
    }

    @Override
    public void onWritePossible() {
        flush();
    }

    @Override
    public void onError(Throwable t) {
        close(null);
    }

    /** Writes what waits for as long as the stream takes it without blocking. */
    synchronized void flush() {
        if (closed || out == null) {
            return;
        }
        try {
            while (true) {
                if (!out.isReady()) {
                    if (stalledSince == 0 && (!pending.isEmpty() || heartbeatDue)) {
                        stalledSince = System.currentTimeMillis();
                    }
                    return;
                }
                if (flushNeeded) {
                    flushNeeded = false;
                    out.flush();
                    continue;
                }
                stalledSince = 0;
                if (pending.isEmpty() && !heartbeatDue) {
                    return;
                }
                out.write(render());
                lastWrite = System.currentTimeMillis();
                flushNeeded = true;
            }
        } catch (IOException | RuntimeException e) {
            close(null);
        }
    }

    private byte[] render() throws IOException {
        StringBuilder text = new StringBuilder(32 + pending.size() * 96);
        if (pending.isEmpty()) {
            text.append(": keep-alive\n\n");
        }
        heartbeatDue = false;
        for (Map.Entry<String, StatValue> e : pending.entrySet()) {
            text.append("event: stat\ndata: ");
            Json.appendStatValue(text, e.getKey(), e.getValue());
            text.append("\n\n");
        }
        pending.clear();
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Run about once a second: heartbeats for idle streams, and the end of stalled ones. */
    void check(long now) {
        String reason = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (stalledSince > 0 && now - stalledSince > maxStallMillis) {
                reason = "the client read nothing for " + (now - stalledSince) / 1000 + " s while " + pending.size()
                        + " statistics had new values";
            } else if (now - lastWrite >= HEARTBEAT_MILLIS) {
                heartbeatDue = true;
            }
        }
        if (reason != null) {
            close(reason);
        } else {
            flush();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Ends the stream; with a reason, that is logged and, if the stream can take it, sent. */
    void close(String reason) {
        List<StatSubscription> subs;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            subs = new ArrayList<>(subscriptions);
            subscriptions.clear();
            pending.clear();
            if (reason != null) {
                LOG.warn("Event stream to {} closed: {}", peer, reason);
                try {
                    if (out != null && out.isReady()) {
                        out.write(("event: error\ndata: " + Json.MAPPER.writeValueAsString(
                                Json.MAPPER.createObjectNode().put("error", reason)) + "\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the reason is in the log
                }
            }
        }
        // the statistics stay in the pool; only this client's interest ends
        for (StatSubscription s : subs) {
            s.close();
        }
        try {
            async.complete();
        } catch (RuntimeException alreadyDone) {
            // completed by the container (timeout or disconnect)
        }
        onClose.run();
    }
}
