package io.switchboard.simulator.internal.command;

import io.switchboard.simulator.internal.SimulatorControl;
import io.switchboard.simulator.internal.SimulatorStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(scope = "switchboard", name = "simulator", description = "Shows the traffic simulator: running or why not, "
        + "tenant, source, agents, queues, calls per minute, events sent")
public class SimulatorCommand implements Action {

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference(optional = true)
    SimulatorStatus status;

    @Override
    public Object execute() throws Exception {
        SimulatorTable.print(new SimulatorControl(configAdmin).properties(), status);
        return null;
    }
}
