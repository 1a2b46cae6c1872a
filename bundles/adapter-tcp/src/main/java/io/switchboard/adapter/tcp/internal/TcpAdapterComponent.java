package io.switchboard.adapter.tcp.internal;

import io.switchboard.api.event.EventIngestService;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TCP event port of this node (PID io.switchboard.adapter.tcp). */
@Component(name = "io.switchboard.adapter.tcp", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = TcpPortStatus.class)
@Designate(ocd = TcpAdapterComponent.Config.class)
public class TcpAdapterComponent implements TcpPortStatus {

    @ObjectClassDefinition(name = "Switchboard TCP event port")
    public @interface Config {
        @AttributeDefinition(description = "Address to listen on")
        String host() default "127.0.0.1";

        int port() default 7021;

        @AttributeDefinition(description = "Connections beyond this are refused with an error line")
        int maxConnections() default 100;

        @AttributeDefinition(description = "A connection silent for this long is closed (0: never)")
        int idleTimeoutSeconds() default 300;

        @AttributeDefinition(description = "How often durable events are acknowledged")
        int ackIntervalMillis() default 1000;

        @AttributeDefinition(description = "Most events applied in one batch")
        int maxBatch() default 2000;

        @AttributeDefinition(description = "Reading from a connection pauses while this many lines wait")
        int maxPending() default 20000;

        @AttributeDefinition(description = "Threads applying events")
        int workers() default 2;

        @AttributeDefinition(description = "Shared secrets, each 'source=secret'; a source listed here must send "
                + "{\"hello\": source, \"secret\": secret}")
        String[] secrets() default {};

        @AttributeDefinition(description = "Refuse sources that have no secret configured")
        boolean requireSecret() default false;

        @AttributeDefinition(description = "Serve TLS instead of plain TCP (needs keystore)")
        boolean tls() default false;

        @AttributeDefinition(description = "Key store with the server's key and certificate; relative to karaf.etc")
        String keystore() default "switchboard-tls.p12";

        @AttributeDefinition(description = "Password of the key store and of its key", type = AttributeType.PASSWORD)
        String keystorePassword() default "";

        @AttributeDefinition(description = "PKCS12 or JKS")
        String keystoreType() default "PKCS12";
    }

    /** API.md: lines over 64 KiB close the connection with an error line. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TcpAdapterComponent.class);

    @Reference
    private EventIngestService ingest;

    @Reference(target = "(camel.context.name=switchboard-bus)")
    private CamelContext camel;

    /** With a solution, the port (and host) are this node's member's. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile io.switchboard.api.cluster.Solution solution;

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile io.switchboard.api.cluster.SourceOwnership owners;

    private volatile TcpAdapter adapter;

    @Activate
    void activate(Config config) throws Exception {
        Map<String, String> secrets = new HashMap<>();
        for (String entry : config.secrets()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                LOG.error("io.switchboard.adapter.tcp: secret entry '{}' is not 'source=secret'; ignored", entry);
                continue;
            }
            secrets.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        TcpSession.Limits limits = new TcpSession.Limits(MAX_LINE_BYTES, config.maxBatch(), config.maxPending(),
                secrets::get, config.requireSecret());
        String host = config.host();
        int port = config.port();
        io.switchboard.api.cluster.Solution s = solution;
        if (s != null) {
            host = s.local().host();
            port = s.local().tcp();
        }
        adapter = new TcpAdapter(new TcpAdapter.Settings(host, port, config.maxConnections(),
                config.idleTimeoutSeconds(), config.ackIntervalMillis(), config.workers(), limits), ingest,
                System::currentTimeMillis);
        if (config.tls()) {
            adapter.tls(new TcpAdapter.Tls(etcPath(config.keystore()), config.keystorePassword(), config.keystoreType()));
        }
        adapter.ownership(source -> {
            io.switchboard.api.cluster.SourceOwnership o = owners;
            return o == null ? null : o.claim(source);
        });
        adapter.start(camel);
    }

    @Override
    public String address() {
        TcpAdapter a = adapter;
        return a == null ? "-" : a.address();
    }

    @Override
    public int connections() {
        TcpAdapter a = adapter;
        return a == null ? 0 : a.connections();
    }

    @Override
    public int maxConnections() {
        TcpAdapter a = adapter;
        return a == null ? 0 : a.maxConnections();
    }

    @Override
    public boolean tls() {
        TcpAdapter a = adapter;
        return a != null && a.tls();
    }

    @Override
    public Map<String, Long> lagBySource() {
        TcpAdapter a = adapter;
        return a == null ? Map.of() : a.lagBySource();
    }

    static String etcPath(String file) {
        java.nio.file.Path p = java.nio.file.Paths.get(file);
        String etc = System.getProperty("karaf.etc");
        return p.isAbsolute() || etc == null ? p.toString() : java.nio.file.Paths.get(etc).resolve(p).toString();
    }

    @Deactivate
    void deactivate() throws Exception {
        if (adapter != null) {
            adapter.stop();
            adapter = null;
        }
    }
}
