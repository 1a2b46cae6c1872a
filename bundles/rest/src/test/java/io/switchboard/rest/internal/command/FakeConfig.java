package io.switchboard.rest.internal.command;

import io.switchboard.api.config.ConfigObject;
import io.switchboard.api.config.ConfigurationService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Configured objects held in a list. */
final class FakeConfig implements ConfigurationService {

    final List<ConfigObject> objects = new ArrayList<>();

    FakeConfig with(String tenant, String type, String id) {
        objects.add(new ConfigObject(tenant, type, id, Map.of(), List.of()));
        return this;
    }

    @Override
    public ConfigObject get(String tenant, String type, String id) {
        return objects.stream().filter(o -> o.tenant().equals(tenant) && o.type().equals(type) && o.id().equals(id))
                .findFirst().orElse(null);
    }

    @Override
    public Collection<ConfigObject> list(String tenant) {
        return objects.stream().filter(o -> tenant == null || o.tenant().equals(tenant)).toList();
    }

    @Override
    public ConfigObject put(String tenant, String type, String id, Map<String, Object> body) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String tenant, String type, String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int importDocument(Map<String, Object> document) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isStrict(String tenant) {
        return false;
    }
}
