package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One event source streaming to the TCP event port (API.md "Events in"): hello, resume from the
 * server's lastSeq, NDJSON events, acks and nacks. It survives the server going away: it
 * reconnects, learns lastSeq again and resends what was not durable yet, so a test can kill the
 * server under it. It also checks the promise behind every ack: after a reconnect the server's
 * lastSeq must not be below an ack it sent before.
 */
public final class TcpEventClient implements AutoCloseable {

    private static final int MAX_UNACKED = 2_000_000;

    /** The nodes to try in turn when one cannot be reached (a cluster's members). */
    private final List<InetSocketAddress> nodes;
    private int current;
    /** Where the last hello was redirected to (the source's owner), tried next; null for none. */
    private InetSocketAddress redirect;
    private final AtomicLong redirects = new AtomicLong();
    private final AtomicLong failovers = new AtomicLong();
    private final String source;
    private final EventStream stream;
    private Pacer pacer = Pacer.AS_FAST_AS_POSSIBLE;
    private Duration reconnectFor = Duration.ofMinutes(5);

    /** Events sent (or generated) and not acknowledged yet: what a reconnect may have to resend. */
    private final ArrayDeque<Object[]> unacked = new ArrayDeque<>();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong highestAckReceived = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final List<String> nacks = Collections.synchronizedList(new ArrayList<>());
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> helloLastSeqs = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;
    /** The current connection's hello was taken (the give-up time restarts after it). */
    private boolean accepted;
    private volatile Socket socket;
    private volatile Throwable failure;
    private Thread sender;
    private long nextSeq = 1;
    private long endSeq;
    private volatile boolean streamEnded;
    private volatile AckListener ackListener;

    /** Told of every ack, on the connection's reader thread. */
    @FunctionalInterface
    public interface AckListener {
        void acked(long seq, long nanoTime);
    }

    public TcpEventClient(String host, int port, String source, EventStream stream) {
        this(List.of(new InetSocketAddress(host, port)), source, stream);
    }

    /**
     * A client of a cluster (API.md, "Cluster"): it connects to the first node, follows a hello's
     * {@code redirect} to the source's owner, and when the node it is on cannot be reached tries
     * the next one of {@code nodes}, as a client configured with every node's address does.
     */
    public TcpEventClient(List<InetSocketAddress> nodes, String source, EventStream stream) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no node to connect to");
        }
        this.nodes = List.copyOf(nodes);
        this.source = source;
        this.stream = stream;
    }

    public TcpEventClient pacing(Pacer p) {
        this.pacer = p;
        return this;
    }

    /** How long to keep trying to reconnect to a server that is gone (it may be restarting). */
    public TcpEventClient reconnectFor(Duration d) {
        this.reconnectFor = d;
        return this;
    }

    public TcpEventClient onAck(AckListener l) {
        this.ackListener = l;
        return this;
    }

    public String source() {
        return source;
    }

    /** Streams events 1..{@code lastSeq} (or until the stream ends) on a thread of its own. */
    public TcpEventClient start(long lastSeq) {
        endSeq = lastSeq;
        sender = new Thread(this::runSafely, "tcp-client-" + source);
        sender.setDaemon(true);
        sender.start();
        return this;
    }

    /** The seq the stream ended at (the last event generated), once it ended; else endSeq. */
    public long lastSeq() {
        return streamEnded ? nextSeq - 1 : endSeq;
    }

    private void runSafely() {
        try {
            run();
        } catch (Throwable t) {
            if (!closed) {
                failure = t;
            }
        }
    }

    private void run() throws Exception {
        long giveUpAt = 0;
        while (!closed) {
            Socket s;
            InetSocketAddress target = redirect != null ? redirect : nodes.get(current);
            redirect = null;
            try {
                s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(target, 2000);
            } catch (IOException e) {
                if (giveUpAt == 0) {
                    giveUpAt = System.nanoTime() + reconnectFor.toNanos();
                } else if (System.nanoTime() > giveUpAt) {
                    throw new IOException("no connection to " + nodes + " for " + reconnectFor, e);
                }
                if (nodes.size() > 1) {
                    // that node is down (stopped, restarting): the next one takes the source over
                    current = (current + 1) % nodes.size();
                    failovers.incrementAndGet();
                }
                Thread.sleep(100);
                continue;
            }
            socket = s;
            try {
                if (session(s)) {
                    return;
                }
                giveUpAt = 0;
            } catch (IOException e) {
                // the server went away (killed or stopped): reconnect and resend what is not durable
                if (accepted) {
                    // the time to give up counts from the last session that was taken
                    accepted = false;
                    giveUpAt = 0;
                }
                if (giveUpAt == 0) {
                    giveUpAt = System.nanoTime() + reconnectFor.toNanos();
                } else if (System.nanoTime() > giveUpAt) {
                    throw new IOException("no session with " + nodes + " for " + reconnectFor, e);
                }
                if (redirect == null && nodes.size() > 1) {
                    // a node that went away or refused the hello: the next one answers or redirects
                    current = (current + 1) % nodes.size();
                    failovers.incrementAndGet();
                }
                if (redirect == null) {
                    Thread.sleep(50);
                }
            } finally {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a dead socket
                }
            }
        }
    }

    /** One connection; true when everything was sent and acknowledged. */
    private boolean session(Socket s) throws Exception {
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8),
                1 << 16);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        out.write("{\"hello\":\"" + source + "\"}\n");
        out.flush();
        String answer = in.readLine();
        if (answer == null) {
            throw new IOException("connection closed before the hello answer");
        }
        JsonNode hello = Http.JSON.readTree(answer);
        if (hello.hasNonNull("redirect")) {
            // another node owns the source: connect there (its lastSeq is the cluster's, so it
            // is checked against the acks all the same)
            checkResume(hello.path("lastSeq").asLong(Long.MAX_VALUE));
            String to = hello.get("redirect").asText();
            int colon = to.lastIndexOf(':');
            redirect = new InetSocketAddress(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)));
            redirects.incrementAndGet();
            throw new IOException("redirected to " + to);
        }
        if (!hello.has("lastSeq")) {
            errors.add(answer);
            throw new IOException("hello refused: " + answer);
        }
        long last = hello.get("lastSeq").asLong();
        accepted = true;
        checkResume(last);
        advanceAck(last);
        // a source that starts over (a new client for a known source) resumes after lastSeq: the
        // stream still produces the skipped events, so that it stays deterministic
        while (nextSeq <= last && !streamEnded) {
            if (stream.next(nextSeq) == null) {
                streamEnded = true;
                break;
            }
            nextSeq++;
        }
        Thread reader = new Thread(() -> read(in, s), "tcp-client-acks-" + source);
        reader.setDaemon(true);
        reader.start();
        // resend what the server does not have yet, in order
        List<Object[]> again;
        synchronized (unacked) {
            again = new ArrayList<>(unacked);
        }
        for (Object[] e : again) {
            if ((Long) e[0] > acked.get()) {
                out.write((String) e[1]);
                out.write('\n');
                resent.incrementAndGet();
            }
        }
        out.flush();
        while (!closed && !s.isClosed()) {
            if (!streamEnded && (endSeq <= 0 || nextSeq <= endSeq)) {
                long due = pacer.scheduledNanos(nextSeq);
                if (due != 0) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        out.flush();
                        LockSupport.parkNanos(wait);
                    }
                }
                while (unackedSize() >= MAX_UNACKED && !s.isClosed()) {
                    out.flush();
                    LockSupport.parkNanos(1_000_000);
                }
                String line = stream.next(nextSeq);
                if (line == null) {
                    streamEnded = true;
                    out.flush();
                    continue;
                }
                synchronized (unacked) {
                    unacked.addLast(new Object[] { nextSeq, line });
                }
                nextSeq++;
                out.write(line);
                out.write('\n');
                sent.incrementAndGet();
                if (due == 0 && (nextSeq & 255) == 0) {
                    out.flush();
                }
            } else {
                out.flush();
                if (acked.get() >= nextSeq - 1) {
                    return true;
                }
                synchronized (acked) {
                    acked.wait(50);
                }
            }
        }
        if (closed) {
            return true;
        }
        throw new IOException("connection lost");
    }

    private void checkResume(long last) {
        if (last == Long.MAX_VALUE) {
            return;
        }
        helloLastSeqs.add(last);
        if (last < highestAckReceived.get()) {
            violations.add("source " + source + ": an ack of " + highestAckReceived.get()
                    + " was received, but after reconnecting the server's lastSeq is " + last);
        }
    }

    /** Hellos answered with a redirect to the source's owner. */
    public long redirects() {
        return redirects.get();
    }

    /** Connections that failed and sent the client on to the next node. */
    public long failovers() {
        return failovers.get();
    }

    private int unackedSize() {
        synchronized (unacked) {
            return unacked.size();
        }
    }

    private void read(BufferedReader in, Socket s) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{\"ack\":")) {
                    long m = Long.parseLong(line.substring(7, line.length() - 1).trim());
                    long now = System.nanoTime();
                    highestAckReceived.accumulateAndGet(m, Math::max);
                    advanceAck(m);
                    AckListener l = ackListener;
                    if (l != null) {
                        l.acked(m, now);
                    }
                } else if (line.contains("\"nack\"")) {
                    nacks.add(line);
                } else {
                    errors.add(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the connection ended; the sender notices and reconnects
        } finally {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
            synchronized (acked) {
                acked.notifyAll();
            }
        }
    }

    private void advanceAck(long m) {
        acked.accumulateAndGet(m, Math::max);
        synchronized (unacked) {
            while (!unacked.isEmpty() && (Long) unacked.peekFirst()[0] <= m) {
                unacked.pollFirst();
            }
        }
        synchronized (acked) {
            acked.notifyAll();
        }
    }

    /** Everything up to this seq is durable (acknowledged, or reported by a hello). */
    public long acked() {
        return acked.get();
    }

    /** The highest {@code {"ack": M}} the server sent. */
    public long highestAckReceived() {
        return highestAckReceived.get();
    }

    public long sent() {
        return sent.get();
    }

    public long resent() {
        return resent.get();
    }

    public List<String> nacks() {
        return List.copyOf(nacks);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Acks that a later hello contradicted (an acknowledged event that was not durable). */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public List<Long> helloLastSeqs() {
        return List.copyOf(helloLastSeqs);
    }

    public Throwable failure() {
        return failure;
    }

    /** Waits until the whole stream (up to the end seq given to start) is acknowledged. */
    public void awaitAllAcked(Duration timeout) throws Exception {
        Poll.until(source + " acknowledged up to " + endSeq, timeout, Duration.ofMillis(50), () -> {
            if (failure != null) {
                throw new IllegalStateException("client " + source + " failed", failure);
            }
            return sender != null && !sender.isAlive() || acked.get() >= lastSeq() && lastSeq() > 0;
        });
        if (failure != null) {
            throw new IllegalStateException("client " + source + " failed", failure);
        }
    }

    public boolean isDone() {
        return sender != null && !sender.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        if (sender != null) {
            try {
                sender.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
