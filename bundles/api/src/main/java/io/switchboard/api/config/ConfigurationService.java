package io.switchboard.api.config;

import java.util.Collection;
import java.util.Map;

/**
 * The configuration of the monitored objects, shared by every node. Changes apply at once,
 * to statistics already open too. Invalid input is a
 * {@link io.switchboard.api.SwitchboardException} (400) naming the problem; nothing is applied.
 */
public interface ConfigurationService {

    ConfigObject get(String tenant, String type, String id);

    Collection<ConfigObject> list(String tenant);

    /** Creates or replaces one object, given as its JSON form parsed into maps and lists. */
    ConfigObject put(String tenant, String type, String id, Map<String, Object> body);

    boolean delete(String tenant, String type, String id);

    /**
     * Imports {@code {"objects": [...]}} (parsed into maps and lists): all objects or, on the
     * first invalid one, none. Returns the number imported.
     */
    int importDocument(Map<String, Object> document);

    /** Whether events naming unconfigured objects of the tenant are rejected. */
    boolean isStrict(String tenant);
}
