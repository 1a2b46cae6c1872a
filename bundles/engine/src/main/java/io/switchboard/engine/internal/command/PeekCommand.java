package io.switchboard.engine.internal.command;

import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.api.stats.StatisticsService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "peek", description = "Shows the value of a statistic now, without opening it")
public class PeekCommand implements Action {

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

    @Reference
    private StatisticsService stats;

    /** Reads wait for what was acknowledged to be applied (see EventIngestService.awaitApplied). */
    @Reference(optional = true)
    private io.switchboard.api.event.EventIngestService ingest;

    @Override
    public Object execute() {
        if (ingest != null) {
            ingest.awaitApplied(java.time.Duration.ofSeconds(10));
        }
        StatType st = stats.statType(statType);
        if (st == null) {
            throw new IllegalArgumentException("unknown stat type '" + statType + "'");
        }
        StatValue v = stats.peek(new StatRequest(st, Objects.ref(tenant, type, id), profile, null,
                StatRequest.Filter.NONE));
        ShellTable table = new ShellTable();
        table.column("Stat type");
        table.column("Object");
        table.column("Value");
        table.column("At");
        Object value = v.value() instanceof ObjectState s ? s.status() : v.value();
        table.addRow().addContent(statType, tenant + "/" + type + "/" + id, value == null ? "null" : value,
                Objects.time(v.at()) + (v.partial() ? " (partial)" : ""));
        table.print(System.out);
        return null;
    }
}
