package io.switchboard.adapter.tcp.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.switchboard.api.event.EventIngestService;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event port: a Camel Netty textline consumer whose lines go to per-connection
 * {@link TcpSession}s. Applying events (which waits on the grid) runs on a pool of its own,
 * never on Netty's event loop; one flush at a time per connection keeps each source in order.
 */
final class TcpAdapter implements TcpPortStatus {

    /** Settings of the port. */
    private volatile java.util.function.Function<String, io.switchboard.api.cluster.SourceOwnership.Claim> ownership;

    /** Asks who owns a source before a hello is answered (null: this node takes every source). */
    void ownership(java.util.function.Function<String, io.switchboard.api.cluster.SourceOwnership.Claim> owners) {
        this.ownership = owners;
    }

    record Settings(String host, int port, int maxConnections, int idleTimeoutSeconds, int ackIntervalMillis,
            int workers, TcpSession.Limits limits) {
    }

    /** TLS for the port: a key store (PKCS12 or JKS) holding the server's key and certificate. */
    record Tls(String keystore, String password, String type) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TcpAdapter.class);
    static final String ROUTE_ID = "adapter-tcp";
    static final String TLS = "switchboardTcpTls";

    private final Settings settings;
    private final EventIngestService ingest;
    private final LongSupplier clock;
    private final Map<Channel, Connection> connections = new ConcurrentHashMap<>();
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private CamelContext camel;
    /** Null for plain TCP. */
    private volatile Tls tls;

    /** A session with its flush guard. */
    private final class Connection {
        final TcpSession session;
        final AtomicBoolean flushing = new AtomicBoolean();

        Connection(TcpSession session) {
            this.session = session;
        }

        void scheduleFlush() {
            if (flushing.compareAndSet(false, true)) {
                workers.execute(this::drain);
            }
        }

        private void drain() {
            try {
                session.flush();
            } catch (RuntimeException e) {
                LOG.warn("TCP flush for source {} failed", session.source(), e);
            } finally {
                flushing.set(false);
            }
            // lines may have arrived while we flushed
            if (session.hasPending() && !session.isClosed()) {
                scheduleFlush();
            }
        }
    }

    TcpAdapter(Settings settings, EventIngestService ingest, LongSupplier clock) {
        this.settings = settings;
        this.ingest = ingest;
        this.clock = clock;
    }

    /** Serves TLS instead of plain TCP from the next {@link #start}. */
    TcpAdapter tls(Tls tls) {
        this.tls = tls;
        return this;
    }

    @Override
    public String address() {
        return settings.host() + ":" + settings.port();
    }

    @Override
    public int connections() {
        return connections.size();
    }

    @Override
    public int maxConnections() {
        return settings.maxConnections();
    }

    @Override
    public boolean tls() {
        return tls != null;
    }

    /**
     * Lines received and not yet applied, per source that said hello (summed over its
     * connections, should a source hold more than one).
     */
    @Override
    public Map<String, Long> lagBySource() {
        Map<String, Long> lag = new java.util.TreeMap<>();
        for (Connection c : connections.values()) {
            String source = c.session.source();
            if (source != null) {
                lag.merge(source, (long) c.session.lag(), Long::sum);
            }
        }
        return lag;
    }

    /** Names of our codecs in the Camel registry. */
    static final String DECODER = "switchboardLineBatchDecoder";
    static final String ENCODER = "switchboardStringEncoder";

    String uri() {
        // Lines are framed by our batch decoder (one exchange per read); the session enforces the
        // protocol's 64 KiB with an error line, which a frame decoder failure could not send.
        return "netty:tcp://" + settings.host() + ":" + settings.port()
                + "?decoders=#" + DECODER + "&encoders=#" + ENCODER + "&sync=false"
                + "&reuseAddress=true&keepAlive=true&tcpNoDelay=true"
                + (tls == null ? "" : "&ssl=true&sslContextParameters=#" + TLS);
    }

    /** Netty's server makes a new SSL engine from these for every connection. */
    private static SSLContextParameters sslParameters(Tls tls) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + tls.keystore());
        store.setPassword(tls.password());
        store.setType(tls.type());
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store);
        keys.setKeyPassword(tls.password());
        SSLContextParameters params = new SSLContextParameters();
        params.setKeyManagers(keys);
        params.setSecureSocketProtocol("TLS");
        return params;
    }

    void start(CamelContext context) throws Exception {
        workers = Executors.newFixedThreadPool(Math.max(1, settings.workers()), r -> {
            Thread t = new Thread(r, "switchboard-tcp-ingest");
            t.setDaemon(true);
            return t;
        });
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-tcp-acks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, settings.ackIntervalMillis(), settings.ackIntervalMillis(),
                TimeUnit.MILLISECONDS);
        camel = context;
        // a line past the cap is handed on as soon as the cap is passed, newline or not: the session
        // refuses it with an error line at once instead of the client waiting on a partial line
        context.getRegistry().bind(DECODER, new LineBatchDecoder.Factory(settings.limits().maxLineBytes()));
        context.getRegistry().bind(ENCODER, org.apache.camel.component.netty.ChannelHandlerFactories.newStringEncoder(
                java.nio.charset.StandardCharsets.UTF_8, "tcp"));
        if (tls != null) {
            if (!new File(tls.keystore()).isFile()) {
                // fail the activation loudly rather than serve plain TCP where TLS was asked for
                throw new IllegalStateException("TCP event port: keystore " + tls.keystore() + " does not exist");
            }
            context.getRegistry().bind(TLS, sslParameters(tls));
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri()).routeId(ROUTE_ID).autoStartup(false).process(TcpAdapter.this::onExchange);
            }
        });
        bind();
    }

    /**
     * Starts listening; while the port is still held (a previous adapter's server closes
     * asynchronously when the bus restarts under it), tries again a little later.
     */
    private void bind() {
        try {
            camel.getRouteController().startRoute(ROUTE_ID);
            LOG.info("TCP event port listening on {}:{}{}", settings.host(), settings.port(), tls == null ? "" : " (TLS)");
        } catch (Exception e) {
            if (timer.isShutdown()) {
                return;
            }
            LOG.warn("TCP event port {}:{} not bound yet ({}); trying again", settings.host(), settings.port(),
                    e.getMessage());
            try {
                camel.getRouteController().stopRoute(ROUTE_ID);
            } catch (Exception ignored) {
                // it did not start
            }
            timer.schedule(this::bind, 500, TimeUnit.MILLISECONDS);
        }
    }

    void stop() throws Exception {
        if (camel != null) {
            camel.getRouteController().stopRoute(ROUTE_ID);
            camel.removeRoute(ROUTE_ID);
        }
        for (Map.Entry<Channel, Connection> e : connections.entrySet()) {
            e.getValue().session.closed();
            e.getKey().close();
        }
        connections.clear();
        if (timer != null) {
            timer.shutdownNow();
        }
        if (workers != null) {
            workers.shutdown();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @SuppressWarnings("unchecked")
    private void onExchange(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        Object body = exchange.getIn().getBody();
        if (ctx == null || !(body instanceof List<?> lines)) {
            return;
        }
        onLines(ctx.channel(), (List<String>) lines);
    }

    void onLine(Channel channel, String line) {
        onLines(channel, List.of(line));
    }

    /** The complete lines of one read, in order. */
    void onLines(Channel channel, List<String> lines) {
        Connection c = connections.get(channel);
        if (c == null) {
            c = open(channel);
            if (c == null) {
                return;
            }
        }
        boolean flush = false;
        long now = clock.getAsLong();
        for (String line : lines) {
            flush |= c.session.onLine(line, now);
        }
        if (flush) {
            c.scheduleFlush();
        }
    }

    private Connection open(Channel channel) {
        TcpSession.Peer peer = new TcpSession.Peer() {
            @Override
            public void send(String line) {
                channel.writeAndFlush(line + "\n");
            }

            @Override
            public void close() {
                channel.close();
            }

            @Override
            public void pauseReading(boolean pause) {
                channel.config().setAutoRead(!pause);
            }
        };
        TcpSession session = new TcpSession(peer, ingest, settings.limits(), clock.getAsLong());
        session.ownership(ownership);
        Connection c = new Connection(session);
        if (connections.size() >= settings.maxConnections()) {
            c.session.fail("too many connections (limit " + settings.maxConnections() + ")");
            return null;
        }
        connections.put(channel, c);
        channel.closeFuture().addListener(f -> {
            Connection gone = connections.remove(channel);
            if (gone != null) {
                gone.session.closed();
            }
        });
        return c;
    }

    /** Periodic acks, and the end of connections idle for too long. */
    private void tick() {
        long now = clock.getAsLong();
        for (Connection c : connections.values()) {
            try {
                if (settings.idleTimeoutSeconds() > 0
                        && now - c.session.lastActivity() > settings.idleTimeoutSeconds() * 1000L) {
                    c.session.fail("idle for more than " + settings.idleTimeoutSeconds() + " s");
                } else {
                    // also while a flush runs: under a steady stream the session never drains,
                    // and a client that waits for acks to trim its resend buffer would wait forever
                    c.session.ack();
                }
            } catch (RuntimeException e) {
                LOG.warn("TCP ack for source {} failed: {}", c.session.source(), e.getMessage());
            }
        }
    }
}
