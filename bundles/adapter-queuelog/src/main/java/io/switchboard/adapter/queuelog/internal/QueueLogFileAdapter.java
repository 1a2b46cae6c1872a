package io.switchboard.adapter.queuelog.internal;

import io.switchboard.api.event.EventIngestService;
import java.nio.file.Paths;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Asterisk queue_log file as an event source (factory PID {@code io.switchboard.adapter.queuelog},
 * one configuration per file: {@code etc/io.switchboard.adapter.queuelog-<name>.cfg}). Reads on a plain
 * thread (not camel {@code stream:file}, which re-reads whole files).
 */
@Component(name = "io.switchboard.adapter.queuelog", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = QueueLogFileAdapter.class)
@Designate(ocd = QueueLogFileAdapter.Config.class, factory = true)
public class QueueLogFileAdapter {

    @ObjectClassDefinition(name = "Switchboard Asterisk queue_log file")
    public @interface Config {
        @AttributeDefinition(description = "Path of the queue_log file")
        String file();

        @AttributeDefinition(description = "Tenant of the events")
        String tenant();

        @AttributeDefinition(description = "Source id of the events (seq = line number * 10 + k)")
        String source();

        @AttributeDefinition(description = "tail: follow appended lines, resuming after the last accepted line; "
                + "replay: read the file once from the start")
        String mode() default "tail";

        @AttributeDefinition(description = "Most events per batch handed to the bus")
        int batchSize() default 500;

        @AttributeDefinition(description = "How often the file is checked for new lines (tail)")
        long pollMillis() default 500;

        @AttributeDefinition(description = "How often progress is logged (0: never)")
        long progressMillis() default 5000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(QueueLogFileAdapter.class);

    @Reference
    private EventIngestService ingest;

    private QueueLogFileReader reader;
    private Thread thread;

    @Activate
    void activate(Config config) {
        String mode = config.mode() == null ? "tail" : config.mode().trim().toLowerCase(Locale.ROOT);
        if (blank(config.file()) || blank(config.tenant()) || blank(config.source())
                || !mode.equals("tail") && !mode.equals("replay")) {
            LOG.error("io.switchboard.adapter.queuelog: 'file', 'tenant' and 'source' are required and 'mode' must be "
                    + "tail or replay (file={}, tenant={}, source={}, mode={}); not started", config.file(),
                    config.tenant(), config.source(), config.mode());
            return;
        }
        reader = new QueueLogFileReader(Paths.get(config.file().trim()), config.tenant().trim(), config.source().trim(),
                mode.equals("tail") ? QueueLogFileReader.Mode.TAIL : QueueLogFileReader.Mode.REPLAY, ingest,
                config.batchSize(), config.pollMillis(), config.progressMillis(),
                Paths.get(System.getProperty("karaf.data", "data"), "queuelog", config.source().trim() + ".state"));
        thread = new Thread(reader, "switchboard-queuelog-" + config.source().trim());
        thread.setDaemon(true);
        thread.start();
    }

    /** What the reader is doing, for {@code switchboard:queue-logs}; null if the configuration was refused. */
    public QueueLogProgress progress() {
        QueueLogFileReader r = reader;
        return r == null ? null : r.progress();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (reader != null) {
            reader.stop();
            thread.interrupt();
            thread.join(5000);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
