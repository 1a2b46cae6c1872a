package io.switchboard.recording.internal.command;

import io.switchboard.api.recording.MediaServerInfo;
import io.switchboard.api.recording.RecordingService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "media-servers", description = "Lists this node's media servers: pool, "
        + "health, recordings now, capacity, load, audio recorded")
public class MediaServersCommand implements Action {

    @Reference
    RecordingService recordings;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        for (String c : new String[] {"Name", "Pool", "Health", "Active", "Capacity", "Load", "Recorded s"}) {
            table.column(c);
        }
        for (MediaServerInfo m : recordings.mediaServers()) {
            table.addRow().addContent(m.name(), Format.or(m.pool()), m.healthy() ? "UP" : "DOWN", m.active(),
                    m.capacity(), String.format("%.0f%%", 100 * m.load()), m.recorded() / 1000);
        }
        table.print(System.out);
        return null;
    }
}
