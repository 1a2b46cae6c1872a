package io.switchboard.bus.internal.command;

import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.SourceStats;
import io.switchboard.api.stats.StatisticsService;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "status", description = "Shows sources, event counts, objects and uptime")
public class StatusCommand implements Action {

    @Reference
    private EventIngestService ingest;

    @Reference(optional = true)
    private StatisticsService stats;

    @Override
    public Object execute() {
        ShellTable summary = new ShellTable();
        summary.column("Uptime");
        summary.column("Accepted");
        summary.column("Duplicates");
        summary.column("Rejected");
        summary.column("Objects");
        Duration up = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        summary.addRow().addContent(format(up), ingest.acceptedTotal(), ingest.duplicatesTotal(),
                ingest.rejectedTotal(), stats == null ? "-" : stats.objectCount());
        summary.print(System.out);

        io.switchboard.bus.internal.Committer committer = ingest instanceof io.switchboard.bus.internal.EventBus bus
                ? bus.committer() : null;
        if (committer != null) {
            ShellTable journal = new ShellTable();
            journal.column("Commits");
            journal.column("Committed");
            journal.column("Applied");
            journal.column("Waiting for the engine");
            journal.column("Journal");
            RuntimeException failure = committer.failure();
            journal.addRow().addContent(committer.commits(), committer.committedEvents(), committer.appliedEvents(),
                    committer.lag(), failure == null ? "ok" : "FAILED: " + failure.getMessage());
            journal.print(System.out);
        }

        ShellTable sources = new ShellTable();
        sources.column("Source");
        sources.column("Last seq");
        sources.column("Accepted");
        sources.column("Duplicates");
        sources.column("Rejected");
        sources.column("Last event");
        for (SourceStats s : ingest.sources()) {
            sources.addRow().addContent(s.source(), s.lastSeq(), s.accepted(), s.duplicates(), s.rejected(),
                    s.lastEventAt() == 0 ? "-" : Instant.ofEpochMilli(s.lastEventAt()).toString());
        }
        sources.print(System.out);
        return null;
    }

    private static String format(Duration d) {
        return String.format("%dd %02d:%02d:%02d", d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart());
    }
}
