package io.switchboard.engine.internal.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.SwitchboardException;
import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import io.switchboard.engine.internal.EngineCodecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration of monitored objects, kept in the grid. On a fresh cluster it is seeded
 * from a JSON document in the import format of API.md (the sample configuration by default).
 */
@Component(name = "io.switchboard.config", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = ConfigurationService.class)
@Designate(ocd = ConfigComponent.Config.class)
public class ConfigComponent implements ConfigurationService {

    @ObjectClassDefinition(name = "Switchboard configuration objects")
    public @interface Config {
        @AttributeDefinition(description = "JSON document ({\"objects\": [...]}) imported when the cluster has no "
                + "configuration yet; relative paths are resolved against karaf.etc; empty: none")
        String seedFile() default "switchboard-config.json";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfigComponent.class);

    @Reference
    private HazelcastInstance hazelcast;

    @Reference
    private EngineCodecs codecs;

    private ConfigStore store;

    @Activate
    void activate(Config config) {
        store = new ConfigStore(hazelcast);
        if (!config.seedFile().isBlank() && store.isEmpty()) {
            Path file = Paths.get(System.getProperty("karaf.etc", "etc")).resolve(config.seedFile());
            if (Files.isRegularFile(file)) {
                seed(file);
            } else {
                LOG.info("No configuration seed at {}: objects are created as events name them", file);
            }
        }
    }

    private void seed(Path file) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = new ObjectMapper().readValue(file.toFile(), Map.class);
            int n = store.importDocument(doc);
            LOG.info("Imported {} configuration objects from {}", n, file);
        } catch (IOException e) {
            LOG.error("Configuration seed {} is not valid JSON, nothing imported: {}", file, e.getMessage());
        } catch (SwitchboardException e) {
            LOG.error("Configuration seed {} rejected, nothing imported: {}", file, e.getMessage());
        }
    }

    @Override
    public ConfigObject get(String tenant, String type, String id) {
        return store.get(tenant, type, id);
    }

    @Override
    public Collection<ConfigObject> list(String tenant) {
        return store.list(tenant);
    }

    @Override
    public ConfigObject put(String tenant, String type, String id, Map<String, Object> body) {
        return store.put(tenant, type, id, body);
    }

    @Override
    public boolean delete(String tenant, String type, String id) {
        return store.delete(tenant, type, id);
    }

    @Override
    public int importDocument(Map<String, Object> document) {
        return store.importDocument(document);
    }

    @Override
    public boolean isStrict(String tenant) {
        return store.isStrict(tenant);
    }
}
