package io.switchboard.rest.internal.command;

import io.switchboard.rest.internal.StreamDirectory;
import io.switchboard.rest.internal.StreamInfo;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The statistics event streams (GET /api/v1/stats/stream) this node serves. */
@Service
@Command(scope = "switchboard", name = "sse-clients", description = "Lists the Server-Sent Events clients of this "
        + "node: peer, connected since, the refs they stream, values waiting, stalled")
public class SseClientsCommand implements Action {

    @Reference
    StreamDirectory streams;

    @Override
    public Object execute() {
        long now = System.currentTimeMillis();
        ShellTable table = new ShellTable();
        table.emptyTableText("no event stream clients");
        table.column("Peer");
        table.column("Since");
        table.column("Refs");
        table.column("Waiting");
        table.column("Stalled");
        for (StreamInfo i : streams.streams()) {
            table.addRow().addContent(i.peer(), Shown.time(i.since()), String.join(",", i.refs()), i.pending(),
                    i.stalledSince() == 0 ? "-" : Duration.ofMillis(now - i.stalledSince()).toSeconds() + " s");
        }
        table.print(System.out);
        return null;
    }
}
