package io.switchboard.adapter.tcp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol of one TCP connection (API.md "Events in"): a hello naming the source, answered
 * with the last durable seq; then NDJSON events, applied in batches; acks of what is durable;
 * nacks of bad lines. Transport-free: the adapter feeds lines and delivers what it writes.
 */
final class TcpSession {

    /** Where the session writes; {@code close} ends the connection after what was sent. */
    interface Peer {
        void send(String line);

        void close();

        /** Stops reading while too much is pending, resumes when it has drained. */
        void pauseReading(boolean pause);
    }

    /** What the adapter's configuration says about sessions. */
    record Limits(int maxLineBytes, int maxBatch, int maxPending, java.util.function.Function<String, String> secrets,
            boolean requireSecret) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Peer peer;
    private final EventIngestService ingest;
    private final Limits limits;
    private String source;
    private long lastAcked;
    /** Lines were taken since the last ack: the client waits for word even if M did not move. */
    private boolean unanswered;
    private final List<String> pending = new ArrayList<>();
    private boolean closed;
    private boolean paused;
    /** Lines of the batch being applied: received, not yet applied. */
    private int inFlight;
    private volatile long lastActivity;
    /** Who owns a source in the cluster (null: this node takes every source). */
    private java.util.function.Function<String, io.switchboard.api.cluster.SourceOwnership.Claim> ownership;

    TcpSession(Peer peer, EventIngestService ingest, Limits limits, long now) {
        this.peer = peer;
        this.ingest = ingest;
        this.limits = limits;
        this.lastActivity = now;
    }

    String source() {
        return source;
    }

    void ownership(java.util.function.Function<String, io.switchboard.api.cluster.SourceOwnership.Claim> owners) {
        this.ownership = owners;
    }

    long lastActivity() {
        return lastActivity;
    }

    /** Lines received and not yet applied (waiting, or in the batch being applied). */
    synchronized int lag() {
        return pending.size() + inFlight;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Takes one line from the wire. Returns true when events are pending and a flush should be
     * scheduled.
     */
    synchronized boolean onLine(String line, long now) {
        if (closed) {
            return false;
        }
        lastActivity = now;
        if (line.length() > limits.maxLineBytes()
                || line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > limits.maxLineBytes()) {
            fail("line longer than " + limits.maxLineBytes() / 1024 + " KiB");
            return false;
        }
        if (source == null) {
            hello(line);
            return false;
        }
        if (line.isBlank()) {
            return false;
        }
        pending.add(line);
        if (pending.size() >= limits.maxPending() && !paused) {
            paused = true;
            peer.pauseReading(true);
        }
        return true;
    }

    private void hello(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (Exception e) {
            n = null;
        }
        JsonNode hello = n == null ? null : n.get("hello");
        if (hello == null || !hello.isTextual() || hello.asText().isBlank()) {
            fail("expected {\"hello\": \"<source>\"} as the first line");
            return;
        }
        String wanted = hello.asText();
        String secret = limits.secrets().apply(wanted);
        JsonNode given = n.get("secret");
        if (secret != null ? given == null || !secret.equals(given.asText())
                : limits.requireSecret()) {
            fail("source '" + wanted + "' is not allowed with this secret");
            return;
        }
        io.switchboard.api.cluster.SourceOwnership.Claim claim;
        try {
            claim = ownership == null ? null : ownership.apply(wanted);
        } catch (RuntimeException e) {
            // the grid cannot say who owns it (a member without its cluster): take nothing
            fail("source '" + wanted + "': its owner cannot be decided now (" + e.getMessage() + ")");
            return;
        }
        if (claim != null && !claim.granted()) {
            // owned by another live node: tell the client where, and let it go there (API.md)
            ObjectNode answer = JSON.createObjectNode();
            answer.put("source", wanted);
            answer.put("lastSeq", ingest.lastSeq(wanted));
            answer.put("owner", claim.owner());
            answer.put("redirect", claim.redirect());
            closed = true;
            peer.send(answer.toString());
            peer.close();
            return;
        }
        source = wanted;
        lastAcked = ingest.lastSeq(source);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("source", source);
        answer.put("lastSeq", lastAcked);
        peer.send(answer.toString());
    }

    /** Applies what is pending (called by one flusher at a time); acks when nothing is left. */
    void flush() {
        List<String> batch;
        synchronized (this) {
            if (pending.isEmpty() || closed) {
                return;
            }
            int n = Math.min(pending.size(), limits.maxBatch());
            batch = new ArrayList<>(pending.subList(0, n));
            pending.subList(0, n).clear();
            inFlight = n;
        }
        IngestResult result;
        try {
            result = ingest.ingestDurable(batch, source);
        } catch (RuntimeException e) {
            // Nothing of the batch is acknowledged; the client resends from its last ack.
            synchronized (this) {
                inFlight = 0;
                fail("events could not be applied: " + e.getMessage());
            }
            return;
        }
        synchronized (this) {
            inFlight = 0;
            unanswered = true;
            for (IngestResult.Rejection r : result.rejected()) {
                ObjectNode nack = JSON.createObjectNode();
                if (r.seq() == null) {
                    nack.putNull("nack");
                } else {
                    nack.put("nack", r.seq());
                }
                nack.put("error", r.error());
                peer.send(nack.toString());
            }
            if (pending.isEmpty()) {
                ack();
                if (paused) {
                    paused = false;
                    peer.pauseReading(false);
                }
            }
        }
    }

    synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Sends {"ack": M} if M moved since the last ack, or if lines came since it (a resumed client
     * that resent only what was durable already, or only bad lines, still hears where it stands).
     * A connection with nothing to say is left quiet.
     */
    synchronized void ack() {
        if (source == null || closed) {
            return;
        }
        long m = ingest.lastSeq(source);
        if (m > lastAcked || unanswered && pending.isEmpty()) {
            lastAcked = Math.max(lastAcked, m);
            unanswered = false;
            peer.send("{\"ack\":" + lastAcked + "}");
        }
    }

    synchronized void fail(String error) {
        if (closed) {
            return;
        }
        closed = true;
        ObjectNode n = JSON.createObjectNode();
        n.put("error", error);
        peer.send(n.toString());
        peer.close();
    }

    synchronized void closed() {
        closed = true;
        pending.clear();
    }
}
