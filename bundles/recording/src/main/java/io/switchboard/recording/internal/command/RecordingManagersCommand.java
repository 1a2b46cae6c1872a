package io.switchboard.recording.internal.command;

import io.switchboard.api.recording.ManagerInfo;
import io.switchboard.api.recording.RecordingService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "recording-managers", description = "Lists the resource managers: alive, "
        + "recordings they own, last heartbeat")
public class RecordingManagersCommand implements Action {

    @Reference
    RecordingService recordings;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Alive");
        table.column("Recordings");
        table.column("Heartbeat");
        for (ManagerInfo m : recordings.managers()) {
            table.addRow().addContent(m.name(), m.alive(), m.recordings(), Format.instant(m.heartbeat()));
        }
        table.print(System.out);
        return null;
    }
}
