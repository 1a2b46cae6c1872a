package io.switchboard.simulator.internal.command;

import io.switchboard.simulator.internal.SimulatorControl;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(scope = "switchboard", name = "simulator-start", description = "Starts the traffic simulator (enabled = true "
        + "in etc/io.switchboard.simulator.cfg, created if missing); it continues its source's seq")
public class SimulatorStartCommand implements Action {

    @Option(name = "-r", aliases = "--rate", description = "Calls per minute over all queues")
    @Completion(RateCompleter.class)
    Double rate;

    @Reference
    ConfigurationAdmin configAdmin;

    @Override
    public Object execute() throws Exception {
        SimulatorControl control = new SimulatorControl(configAdmin);
        if (rate != null) {
            control.start(rate);
        } else {
            control.start();
        }
        SimulatorTable.print(control.properties(), null);
        return null;
    }
}
