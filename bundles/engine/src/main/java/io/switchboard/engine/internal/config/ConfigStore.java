package io.switchboard.engine.internal.config;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configuration objects in a grid map (so every node sees the same), keyed {@code type|tenant|id}. */
public final class ConfigStore implements ConfigurationService {

    public static final String MAP = "sb.config";

    private final IMap<String, ConfigObject> objects;

    public ConfigStore(HazelcastInstance hz) {
        this.objects = hz.getMap(MAP);
    }

    public boolean isEmpty() {
        return objects.isEmpty();
    }

    @Override
    public ConfigObject get(String tenant, String type, String id) {
        return objects.get(new ConfigObject(tenant, type, id, null, null).key());
    }

    @Override
    public Collection<ConfigObject> list(String tenant) {
        List<ConfigObject> all = new ArrayList<>();
        for (ConfigObject o : objects.values()) {
            if (tenant == null || tenant.equals(o.tenant())) {
                all.add(o);
            }
        }
        all.sort(Comparator.comparing(ConfigObject::key));
        return all;
    }

    @Override
    public ConfigObject put(String tenant, String type, String id, Map<String, Object> body) {
        ConfigObject o = ConfigObjects.parse(tenant, type, id, body, "object");
        objects.set(o.key(), o);
        return o;
    }

    @Override
    public boolean delete(String tenant, String type, String id) {
        return objects.remove(new ConfigObject(tenant, type, id, null, null).key()) != null;
    }

    @Override
    public int importDocument(Map<String, Object> document) {
        List<ConfigObject> parsed = ConfigObjects.parseDocument(document);
        Map<String, ConfigObject> batch = new LinkedHashMap<>();
        for (ConfigObject o : parsed) {
            batch.put(o.key(), o);
        }
        objects.setAll(batch);
        return parsed.size();
    }

    @Override
    public boolean isStrict(String tenant) {
        ConfigObject t = get(tenant, "Tenant", tenant);
        return t != null && t.strict();
    }

    /** Members of a group, empty if the group is not configured. */
    public List<String> members(String tenant, String type, String id) {
        ConfigObject g = get(tenant, type, id);
        return g == null ? List.of() : g.members();
    }
}
