package io.switchboard.adapter.queuelog.internal.command;

import io.switchboard.adapter.queuelog.internal.QueueLogFileAdapter;
import io.switchboard.adapter.queuelog.internal.QueueLogProgress;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "queue-logs", description = "Lists the queue_log files read on this node: "
        + "progress of replays (percent, lines/s), position of tails, rotations, events sent and lines skipped")
public class QueueLogsCommand implements Action {

    @Reference(optional = true)
    private List<QueueLogFileAdapter> adapters;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Source");
        table.column("File");
        table.column("Mode");
        table.column("State");
        table.column("Generation");
        table.column("Line");
        table.column("Done %");
        table.column("Lines/s");
        table.column("Events sent");
        table.column("Skipped");
        if (adapters != null) {
            for (QueueLogFileAdapter a : adapters) {
                QueueLogProgress p = a.progress();
                if (p == null) {
                    continue;
                }
                table.addRow().addContent(p.source(), p.file(), p.mode().name().toLowerCase(), p.state(),
                        p.generation(), p.line(), p.percent(), Math.round(p.linesPerSecond()), p.sent(),
                        p.stats().skippedTotal());
            }
        }
        table.print(System.out);
        return null;
    }
}
