package io.switchboard.rest.internal.command;

import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatisticsService;
import io.switchboard.rest.internal.KnownRefs;
import java.time.Duration;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/** The shell's {@code POST /api/v1/stats}: opens a statistic in the persistent pool and shows its ref. */
@Service
@Command(scope = "switchboard", name = "stat-open", description = "Opens a statistic in the persistent pool "
        + "(as POST /api/v1/stats) and shows its ref and value, e.g. switchboard:stat-open CallsWaiting demo Queue sales")
public class StatOpenCommand implements Action {

    @Argument(index = 0, name = "statType", required = true, description = "Stat type name")
    @Completion(StatTypeCompleter.class)
    String statType;

    @Argument(index = 1, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantCompleter.class)
    String tenant;

    @Argument(index = 2, name = "type", required = true, description = "Object type")
    @Completion(ObjectTypeCompleter.class)
    String type;

    @Argument(index = 3, name = "id", required = true, description = "Object id")
    @Completion(ObjectIdCompleter.class)
    String id;

    @Option(name = "-p", aliases = "--profile", description = "Time profile name (default: Default)")
    @Completion(ProfileCompleter.class)
    String profile = "Default";

    @Option(name = "-m", aliases = "--mode", description = "Notification mode: changes, periodic, reset, none")
    @Completion(value = StringsCompleter.class, values = {"changes", "periodic", "reset", "none"})
    String mode = "changes";

    @Option(name = "-i", aliases = "--insensitivity", description = "Percent of the last value a change must exceed")
    @Completion(value = StringsCompleter.class, values = {"0", "5", "10", "20"})
    double insensitivity;

    @Option(name = "-f", aliases = "--frequency", description = "Seconds between notifications (mode periodic)")
    @Completion(value = StringsCompleter.class, values = {"1", "5", "10", "30", "60"})
    long frequency;

    @Option(name = "--media", description = "Only these media types (repeat or comma-separated)", multiValued = true)
    @Completion(MediaCompleter.class)
    List<String> media;

    @Reference
    StatisticsService stats;

    @Reference(optional = true)
    EventIngestService ingest;

    @Override
    public Object execute() {
        StatType st = stats.statType(statType);
        if (st == null) {
            throw new IllegalArgumentException("unknown stat type '" + statType + "'");
        }
        Notification.Mode m;
        try {
            m = Notification.Mode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown notification mode '" + mode + "'; one of "
                    + java.util.Arrays.toString(Notification.Mode.values()));
        }
        List<String> mediaList = media == null ? List.of()
                : media.stream().flatMap(s -> java.util.Arrays.stream(s.split(","))).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList();
        StatRequest request = new StatRequest(st, new ObjectRef(tenant, Shown.type(type), id), profile, null,
                new StatRequest.Filter(mediaList, null));
        // what was acknowledged is in the first value, as for the HTTP open
        if (ingest != null) {
            ingest.awaitApplied(Duration.ofSeconds(10));
        }
        StatisticsService.Opened opened = stats.open(request, new Notification(m, insensitivity, frequency));
        KnownRefs.add(opened.ref());
        ShellTable table = new ShellTable();
        table.column("Ref");
        table.column("Stat type");
        table.column("Object");
        table.column("Profile");
        table.column("Mode");
        table.column("Value");
        table.column("At");
        table.addRow().addContent(opened.ref(), st.name(), request.object().toString(), profile, m.name(),
                Shown.value(opened.value()), Shown.time(opened.value().at()));
        table.print(System.out);
        return null;
    }
}
