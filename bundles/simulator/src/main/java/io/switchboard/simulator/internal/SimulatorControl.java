package io.switchboard.simulator.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Starts, stops and paces the simulator by its configuration ({@code io.switchboard.simulator}),
 * so that what the shell changes is what etc/ holds and survives a restart; the component
 * restarts with each change and carries on at the source's last seq.
 */
public final class SimulatorControl {

    public static final String PID = "io.switchboard.simulator";

    private final ConfigurationAdmin configAdmin;

    public SimulatorControl(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** The configured properties, or null when the simulator has no configuration (it does not run). */
    public Dictionary<String, Object> properties() throws IOException {
        Configuration c = configAdmin.getConfiguration(PID, "?");
        return c.getProperties();
    }

    public void start() throws IOException {
        update(Map.of("enabled", Boolean.TRUE));
    }

    /**
     * Enables it at a new rate in one update: two updates in a row (rate, then enabled) could
     * be undone by the file watcher of etc/, which may read back the file it wrote for the first
     * (enabled = false) after the second was made, and the simulator then never started.
     */
    public void start(double callsPerMinute) throws IOException {
        checkRate(callsPerMinute);
        update(Map.of("callsPerMinute", callsPerMinute, "enabled", Boolean.TRUE));
    }

    public void stop() throws IOException {
        update(Map.of("enabled", Boolean.FALSE));
    }

    public void rate(double callsPerMinute) throws IOException {
        checkRate(callsPerMinute);
        update(Map.of("callsPerMinute", callsPerMinute));
    }

    private static void checkRate(double callsPerMinute) {
        if (!(callsPerMinute > 0) || Double.isInfinite(callsPerMinute)) {
            throw new IllegalArgumentException("callsPerMinute must be a positive number, not " + callsPerMinute);
        }
    }

    /** Sets these properties, keeping the others, in one update. */
    private void update(Map<String, Object> changes) throws IOException {
        Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = c.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            props.put(e.getKey(), e.getValue());
        }
        c.update(props);
    }
}
