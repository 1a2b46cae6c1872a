package io.switchboard.database.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens this node's embedded Derby database under {@code data/} and registers it as a
 * {@link DataSource} ({@code dataSourceName=switchboard}); shuts it down cleanly on stop.
 */
@Component(name = "io.switchboard.database", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = DatabaseComponent.Config.class)
public class DatabaseComponent {

    @ObjectClassDefinition(name = "Switchboard database")
    public @interface Config {
        @AttributeDefinition(description = "Database directory; relative paths are resolved against karaf.data")
        String directory() default "derby/switchboard";

        @AttributeDefinition(description = "The dataSourceName service property")
        String dataSourceName() default "switchboard";

        @AttributeDefinition(description = "Port of a Derby network server serving this instance's databases "
                + "(data/derby/<name>) to other processes, e.g. the two instances of an Interaction Server pair; "
                + "0 = none")
        int networkServerPort() default 0;

        @AttributeDefinition(description = "Address the network server listens on")
        String networkServerHost() default "127.0.0.1";

        @AttributeDefinition(description = "A network session whose transaction wrote and then sat idle (no statement "
                + "running) longer than this is ended and its transaction rolled back, so that a client paused inside "
                + "a transaction does not keep its row locks from the others (an Interaction Server pair's lease "
                + "row); below the pairs' leaseMillis; ms, 0 = never")
        long networkIdleInTransactionMillis() default 1500;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);

    private EmbeddedDatabase database;
    private NetworkServer networkServer;
    private ServiceRegistration<DataSource> registration;
    private ServiceRegistration<DatabaseInfo> infoRegistration;

    @Activate
    void activate(BundleContext context, Config config) throws Exception {
        Path data = Paths.get(System.getProperty("karaf.data", "data"));
        Path dir = data.resolve(config.directory());
        // Where a network client's database names resolve; read once, when Derby boots.
        if (System.getProperty("derby.system.home") == null) {
            System.setProperty("derby.system.home", data.resolve("derby").toAbsolutePath().toString());
        }
        // Derby writes derby.log to the working directory unless told otherwise.
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", data.resolve("log/derby.log").toString());
        }
        database = new EmbeddedDatabase(dir);
        database.open();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("dataSourceName", config.dataSourceName());
        props.put("osgi.jdbc.driver.name", "derby-embedded");
        registration = context.registerService(DataSource.class, database, props);
        infoRegistration = context.registerService(DatabaseInfo.class,
                new DatabaseInfo(config.dataSourceName(), database, null), props);
        LOG.info("Embedded Derby database '{}' open at {}", config.dataSourceName(), database.directory());
        if (config.networkServerPort() > 0) {
            NetworkServer server = new NetworkServer(config.networkServerHost(), config.networkServerPort(),
                    config.networkIdleInTransactionMillis());
            try {
                server.start(java.time.Duration.ofSeconds(30));
            } catch (Exception e) {
                // the embedded database serves this instance anyway; the clients elsewhere wait
                LOG.error("Derby network server on {} did not start: {}", server.address(), e.getMessage(), e);
                return;
            }
            networkServer = server;
            infoRegistration.unregister();
            infoRegistration = context.registerService(DatabaseInfo.class,
                    new DatabaseInfo(config.dataSourceName(), database, server.address()), props);
            LOG.info("Derby network server on {} serves the databases under {}", server.address(),
                    System.getProperty("derby.system.home"));
        }
    }

    @Deactivate
    void deactivate() {
        if (networkServer != null) {
            networkServer.close();
            networkServer = null;
        }
        if (infoRegistration != null) {
            infoRegistration.unregister();
            infoRegistration = null;
        }
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
