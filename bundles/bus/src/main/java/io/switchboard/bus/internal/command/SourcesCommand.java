package io.switchboard.bus.internal.command;

import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.SourceStats;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "sources", description = "Lists the event sources: position, and what this node accepted, "
        + "found duplicate or rejected")
public class SourcesCommand implements Action {

    @Reference
    private EventIngestService ingest;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Source");
        table.column("Last seq");
        table.column("Accepted");
        table.column("Duplicates");
        table.column("Rejected");
        table.column("Last event");
        for (SourceStats s : ingest.sources()) {
            table.addRow().addContent(s.source(), s.lastSeq(), s.accepted(), s.duplicates(), s.rejected(),
                    s.lastEventAt() == 0 ? "-" : Instant.ofEpochMilli(s.lastEventAt()).toString());
        }
        table.print(System.out);
        return null;
    }
}
