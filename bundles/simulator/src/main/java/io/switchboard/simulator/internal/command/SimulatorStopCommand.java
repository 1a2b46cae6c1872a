package io.switchboard.simulator.internal.command;

import io.switchboard.simulator.internal.SimulatorControl;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(scope = "switchboard", name = "simulator-stop", description = "Stops the traffic simulator (enabled = false); "
        + "its configuration stays for the next start")
public class SimulatorStopCommand implements Action {

    @Reference
    ConfigurationAdmin configAdmin;

    @Override
    public Object execute() throws Exception {
        SimulatorControl control = new SimulatorControl(configAdmin);
        if (control.properties() == null) {
            throw new IllegalStateException("the simulator is not configured, so it is not running");
        }
        control.stop();
        SimulatorTable.print(control.properties(), null);
        return null;
    }
}
