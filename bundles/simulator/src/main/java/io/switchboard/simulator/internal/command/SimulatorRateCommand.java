package io.switchboard.simulator.internal.command;

import io.switchboard.simulator.internal.SimulatorControl;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(scope = "switchboard", name = "simulator-rate", description = "Sets the simulator's calls per minute "
        + "(over all queues); a running simulator goes on at the new rate")
public class SimulatorRateCommand implements Action {

    @Argument(index = 0, name = "callsPerMinute", required = true, description = "Calls per minute, > 0")
    @Completion(RateCompleter.class)
    double callsPerMinute;

    @Reference
    ConfigurationAdmin configAdmin;

    @Override
    public Object execute() throws Exception {
        SimulatorControl control = new SimulatorControl(configAdmin);
        control.rate(callsPerMinute);
        SimulatorTable.print(control.properties(), null);
        return null;
    }
}
