package io.switchboard.eventlog.jdbc.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JDBC event logger (API.md "Event-logger sinks"): Derby tables fed by the bus from the journal. */
@Component(name = "io.switchboard.eventlog.jdbc", service = EventLogSink.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JdbcEventLogSink.Config.class)
public class JdbcEventLogSink implements EventLogSink {

    @ObjectClassDefinition(name = "Switchboard JDBC event logger")
    public @interface Config {
        @AttributeDefinition(description = "Derby database: jdbc:derby:<directory>;create=true (embedded, this node's; "
                + "relative to karaf.data) or jdbc:derby://host:port/<name>;create=true (one network database for "
                + "the whole cluster)")
        String databaseUrl() default "jdbc:derby:eventlog-db;create=true";

        @AttributeDefinition(description = "The events table; the others are named after it (<table>_SESSIONS, "
                + "<table>_CALLS, <table>_LOGINS, <table>_POSITIONS, <table>_AGENTS)")
        String table() default "EVENTS";

        @AttributeDefinition(description = "Where the sink starts the first time the bus feeds it: oldest (the "
                + "journal's oldest retained event) or now")
        String startFrom() default "oldest";
    }

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEventLogSink.class);

    private JdbcEventLog log;
    private StartPosition start;

    @Activate
    void activate(Config config) {
        start = startPosition(config.startFrom());
        log = new JdbcEventLog(config.databaseUrl(), config.table(),
                Paths.get(System.getProperty("karaf.data", "data")));
        try {
            log.open();
            LOG.info("JDBC event logger writes to {} (table {})", log.url(), log.schema().events);
        } catch (SQLException e) {
            // not fatal: the bus retries the writes, which reconnect
            LOG.warn("JDBC event logger cannot reach {} yet: {}", log.url(), e.getMessage());
        }
    }

    static StartPosition startPosition(String text) {
        return StartPosition.of(text);
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public StartPosition startPosition() {
        return start;
    }

    @Override
    public void write(List<CanonicalEvent> batch) throws SQLException {
        log.write(batch);
    }

    @Deactivate
    void deactivate() {
        if (log != null) {
            log.close();
        }
    }
}
