package io.switchboard.recording.internal;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.eventlog.EventLogSink;
import io.switchboard.api.eventlog.StartPosition;
import io.switchboard.api.recording.ManagerInfo;
import io.switchboard.api.recording.MediaServerInfo;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingCrypto;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.RecordingRules;
import io.switchboard.api.recording.RecordingService;
import java.io.IOException;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording control plane of a node: its resource managers on the grid's shared state, the
 * media servers configured here, the store, and the crypto service for playback. The bus feeds
 * it every accepted event as an event-logger sink ("recording"), so it never slows ingestion and
 * resumes after a restart from its own durable position.
 */
@Component(name = "io.switchboard.recording", service = {RecordingService.class, EventLogSink.class,
    RecordingComponent.class}, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RecordingComponent.Config.class)
public class RecordingComponent implements RecordingService, EventLogSink {

    @ObjectClassDefinition(name = "Switchboard interaction recording")
    public @interface Config {
        @AttributeDefinition(description = "Resource managers of this node (active-active)")
        String[] managers() default {"rm-1", "rm-2"};

        @AttributeDefinition(description = "How often each manager checks media servers and the other managers, in ms")
        int healthCheckMillis() default 250;

        @AttributeDefinition(description = "A manager without heartbeat for this long is dead: the others adopt its recordings")
        int managerTimeoutMillis() default 3000;

        @AttributeDefinition(description = "Where segment files go: disk or s3 (an S3-compatible store)")
        String storage() default "disk";

        @AttributeDefinition(description = "Directory of the disk store; relative to karaf.data")
        String directory() default "recording/store";

        @AttributeDefinition(description = "S3-compatible endpoint (storage = s3)")
        String endpoint() default "";

        @AttributeDefinition(description = "S3 bucket (storage = s3)")
        String bucket() default "";

        @AttributeDefinition(description = "S3 region the requests are signed for (storage = s3)")
        String region() default "us-east-1";

        @AttributeDefinition(description = "S3 access key id (storage = s3)")
        String accessKey() default "";

        @AttributeDefinition(description = "S3 secret access key (storage = s3)", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String secretKey() default "";

        @AttributeDefinition(description = "The recording processor's database: a filter on the DataSource services")
        String database_target() default "(dataSourceName=switchboard)";

        @AttributeDefinition(description = "How often the recording processor writes changed recordings to the database, in ms")
        int flushMillis() default 1000;

        @AttributeDefinition(description = "Most recordings one search answers (the oldest first)")
        int searchLimit() default 10000;

        @AttributeDefinition(description = "How long the grid keeps a done recording, in ms, once the database has it (0: for ever)")
        long gridRetentionMillis() default 3_600_000L;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordingComponent.class);

    private final MediaServerPool pool = new MediaServerPool();
    /** The managers' MBeans, unregistered on deactivation. */
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Reference
    private HazelcastInstance grid;

    /** The grid can read recordings only while their codecs are registered. */
    @Reference
    private RecordingCodecsComponent codecs;

    @Reference
    private RecordingCrypto crypto;

    @Reference(name = "database")
    private DataSource database;

    private RecordingControl control;
    private RecordingProcessor processor;
    private RecordingStore store;

    public RecordingComponent() {
    }

    /** A running plane without OSGi (the MBean tests). */
    RecordingComponent(RecordingControl control, RecordingProcessor processor, RecordingStore store) {
        this.control = control;
        this.processor = processor;
        this.store = store;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMediaServer(MediaServerComponent m) {
        pool.add(m.server());
    }

    void removeMediaServer(MediaServerComponent m) {
        pool.remove(m.server());
    }

    @Activate
    void activate(BundleContext context, Config config) throws IOException, SQLException {
        store = store(config);
        // a .cfg file gives "rm-1,rm-2" as one value
        List<String> managers = Arrays.stream(config.managers()).flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(m -> !m.isEmpty()).toList();
        if (managers.isEmpty()) {
            throw new IllegalArgumentException("managers: at least one resource manager");
        }
        control = new RecordingControl(new GridState(grid), pool, new SegmentFiles(store, crypto),
                managers, config.managerTimeoutMillis(), Clock.systemUTC());
        control.start(config.healthCheckMillis());
        processor = new RecordingProcessor(control.state(), new RecordingCatalog(database, config.searchLimit()));
        processor.start(config.flushMillis(), config.gridRetentionMillis());
        for (String m : managers) {
            java.util.Dictionary<String, Object> jmx = new java.util.Hashtable<>();
            jmx.put("jmx.objectname", ResourceManagerManagement.objectName(m));
            try {
                registrations.add(context.registerService(ResourceManagerMBean.class,
                        new ResourceManagerManagement(control, m), jmx));
            } catch (javax.management.NotCompliantMBeanException e) {
                throw new IllegalStateException(e);
            }
        }
        LOG.info("Recording control plane: managers {}, store {}", managers,
                store.describe());
    }

    private static RecordingStore store(Config config) throws IOException {
        switch (config.storage()) {
            case "disk":
                return new DiskStore(Paths.get(System.getProperty("karaf.data", "data")).resolve(config.directory()));
            case "s3":
                if (config.endpoint().isBlank() || config.bucket().isBlank()) {
                    throw new IllegalArgumentException("storage s3 needs endpoint and bucket");
                }
                java.net.URI endpoint;
                try {
                    endpoint = java.net.URI.create(config.endpoint().trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("endpoint: not a URL: " + config.endpoint(), e);
                }
                return new S3Store(new S3Client(endpoint, config.bucket().trim(), config.region().trim(),
                        config.accessKey(), config.secretKey()));
            default:
                throw new IllegalArgumentException("storage: '" + config.storage() + "' is neither disk nor s3");
        }
    }

    @Deactivate
    void deactivate() {
        if (processor != null) {
            processor.close();
        }
        if (control != null) {
            control.close();
        }
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // unregistered with the bundle
            }
        }
        registrations.clear();
    }

    RecordingControl control() {
        return control;
    }

    RecordingProcessor processor() {
        return processor;
    }

    /** Kills a media server of this node as a crash would (for drills and demos); false when unknown. */
    public boolean killMediaServer(String name) {
        MediaServer m = pool.get(name);
        if (m == null) {
            return false;
        }
        m.kill();
        return true;
    }

    /** Kills a resource manager of this node as a crash would; false when unknown. */
    public boolean killManager(String name) {
        ResourceManager m = control.manager(name);
        if (m == null) {
            return false;
        }
        m.kill();
        return true;
    }

    String storeDescription() {
        return store.describe();
    }

    @Override
    public String name() {
        return "recording";
    }

    /** Only calls from now on: recording calls that ended long ago would make recordings of nothing. */
    @Override
    public StartPosition startPosition() {
        return StartPosition.NOW;
    }

    @Override
    public void write(List<CanonicalEvent> batch) {
        control.accept(batch);
    }

    /** From the processor's catalog in the database: what the grid held up to one flush ago. */
    @Override
    public List<Recording> find(RecordingQuery query) {
        return processor.find(query);
    }

    /** The live state when the grid has it, else the catalog's. */
    @Override
    public Recording get(String id) {
        Recording r = control.get(id);
        return r != null ? r : processor.get(id);
    }

    @Override
    public byte[] audio(String id) {
        Recording r = get(id);
        if (r == null) {
            throw SwitchboardException.notFound("no recording " + id, "id");
        }
        return control.audio(r);
    }

    @Override
    public RecordingRules rules(String tenant) {
        return control.rules(tenant);
    }

    @Override
    public void putRules(String tenant, RecordingRules rules) {
        control.putRules(tenant, rules);
    }

    @Override
    public List<MediaServerInfo> mediaServers() {
        return control.mediaServers();
    }

    @Override
    public List<ManagerInfo> managers() {
        return control.managers();
    }
}
