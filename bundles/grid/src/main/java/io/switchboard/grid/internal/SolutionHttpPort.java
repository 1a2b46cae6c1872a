package io.switchboard.grid.internal;

import io.switchboard.api.cluster.Solution;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With a solution, this node's HTTP port is its member's: Pax Web's port
 * ({@code org.ops4j.pax.web}, {@code org.osgi.service.http.port}) is set to it, so one solution
 * file on every node is the whole of the cluster's addresses.
 */
@Component(name = "io.switchboard.grid.http-port", immediate = true)
public class SolutionHttpPort {

    static final String PAX_WEB = "org.ops4j.pax.web";
    static final String PORT = "org.osgi.service.http.port";

    private static final Logger LOG = LoggerFactory.getLogger(SolutionHttpPort.class);

    @Reference
    private Solution solution;

    @Reference
    private ConfigurationAdmin configurationAdmin;

    @Activate
    void activate() throws IOException {
        int wanted = solution.local().http();
        Configuration web = configurationAdmin.getConfiguration(PAX_WEB, null);
        Dictionary<String, Object> props = web.getProperties();
        Object now = props == null ? null : props.get(PORT);
        if (now != null && String.valueOf(now).trim().equals(Integer.toString(wanted))) {
            return;
        }
        Dictionary<String, Object> updated = props == null ? new Hashtable<>() : props;
        updated.put(PORT, Integer.toString(wanted));
        LOG.info("Solution '{}': HTTP port {} for member '{}' (was {})", solution.name(), wanted, solution.self(), now);
        web.update(updated);
    }
}
