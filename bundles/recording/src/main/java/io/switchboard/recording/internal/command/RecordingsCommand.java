package io.switchboard.recording.internal.command;

import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.RecordingService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "recordings", description = "Lists recordings: call, agent, times, state, "
        + "segments (more than one after a media-server failure), the media server, the unrecorded gap")
public class RecordingsCommand implements Action {

    @Reference
    RecordingService recordings;

    @Option(name = "--tenant", description = "Only this tenant's")
    @Completion(TenantCompleter.class)
    String tenant;

    @Option(name = "--call", description = "Only this call's")
    @Completion(CallCompleter.class)
    String call;

    @Option(name = "--agent", description = "Only this agent's")
    @Completion(AgentCompleter.class)
    String agent;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        for (String c : new String[] {"Id", "Tenant", "Call", "Agent", "Start", "End", "State", "Segments",
            "Media server", "Gap ms", "Manager"}) {
            table.column(c);
        }
        for (Recording r : recordings.find(new RecordingQuery(tenant, call, agent, null, null))) {
            table.addRow().addContent(r.id(), r.tenant(), r.call(), Format.or(r.agent()), Format.instant(r.start()),
                    Format.instant(r.end()), r.state(), r.segments().size(), Format.or(r.mediaServer()),
                    r.gapMillis(), Format.or(r.manager()));
        }
        table.print(System.out);
        return null;
    }
}
