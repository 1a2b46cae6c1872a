package io.switchboard.simulator.internal.command;

import io.switchboard.simulator.internal.SimulatorControl;
import java.util.Dictionary;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.service.cm.ConfigurationAdmin;

/** Offers the configured rate and a few usual ones (a quiet hour to a busy Monday). */
@Service
public class RateCompleter implements Completer {

    static final List<String> USUAL = List.of("6", "12", "30", "60", "120", "600");

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter(USUAL);
        if (configAdmin != null) {
            try {
                Dictionary<String, Object> props = new SimulatorControl(configAdmin).properties();
                Object current = props == null ? null : props.get("callsPerMinute");
                if (current != null) {
                    delegate.getStrings().add(String.valueOf(current));
                }
            } catch (java.io.IOException | RuntimeException e) {
                // completion offers what it can
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
