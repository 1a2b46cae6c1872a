package io.switchboard.eventlog.file.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
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

/** The file event logger (API.md "Event-logger sinks"): the bus feeds it every accepted event. */
@Component(name = "io.switchboard.eventlog.file", service = EventLogSink.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FileEventLogSink.Config.class)
public class FileEventLogSink implements EventLogSink {

    @ObjectClassDefinition(name = "Switchboard file event logger")
    public @interface Config {
        @AttributeDefinition(description = "Directory of the events-<UTC date>-<n>.jsonl files; relative to karaf.data")
        String directory() default "eventlog";

        @AttributeDefinition(description = "A new file once the current one would pass this many megabytes")
        int rotateMegabytes() default 64;

        @AttributeDefinition(description = "A new file once the current one is this old (ISO-8601 like PT1H, or 30m, 12h, 1d); a new UTC date always starts one")
        String rotateEvery() default "1d";

        @AttributeDefinition(description = "How many files are kept; older ones are deleted")
        int keepFiles() default 30;

        @AttributeDefinition(description = "Where the sink starts the first time the bus feeds it: oldest (the "
                + "journal's oldest retained event) or now")
        String startFrom() default "oldest";
    }

    private static final Logger LOG = LoggerFactory.getLogger(FileEventLogSink.class);

    private FileEventLog log;
    private StartPosition start;

    @Activate
    void activate(Config config) throws IOException {
        start = startPosition(config.startFrom());
        Path dir = Paths.get(System.getProperty("karaf.data", "data")).resolve(config.directory());
        log = new FileEventLog(dir, config.rotateMegabytes() * 1024L * 1024L, duration(config.rotateEvery()),
                config.keepFiles(), Clock.systemUTC());
        LOG.info("File event logger writes to {}", dir);
    }

    /** PT1H, or a number with s, m, h or d; anything else is refused by name. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.toUpperCase().startsWith("P")) {
            return Duration.parse(t.toUpperCase());
        }
        if (t.length() >= 2) {
            long n;
            try {
                n = Long.parseLong(t.substring(0, t.length() - 1));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n > 0) {
                switch (Character.toLowerCase(t.charAt(t.length() - 1))) {
                    case 's': return Duration.ofSeconds(n);
                    case 'm': return Duration.ofMinutes(n);
                    case 'h': return Duration.ofHours(n);
                    case 'd': return Duration.ofDays(n);
                    default: break;
                }
            }
        }
        throw new IllegalArgumentException("rotateEvery: not a duration: " + text);
    }

    static StartPosition startPosition(String text) {
        return StartPosition.of(text);
    }

    /** The sink over a log already open, as {@link #activate} makes it: for tests without OSGi. */
    static FileEventLogSink over(FileEventLog log, String startFrom) {
        FileEventLogSink sink = new FileEventLogSink();
        sink.log = log;
        sink.start = startPosition(startFrom);
        return sink;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public StartPosition startPosition() {
        return start;
    }

    @Override
    public void write(List<CanonicalEvent> batch) throws IOException {
        log.write(batch);
    }

    @Deactivate
    void deactivate() throws IOException {
        if (log != null) {
            log.close();
        }
    }
}
