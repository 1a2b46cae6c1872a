package io.switchboard.engine.internal.command;

import io.switchboard.api.model.ObjectState;
import io.switchboard.api.stats.StatisticsService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "state", description = "Shows the current state of an Agent, Place or DN")
public class StateCommand implements Action {

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantCompleter.class)
    String tenant;

    @Argument(index = 1, name = "type", required = true, description = "Agent, Place or DN")
    @Completion(ObjectTypeCompleter.class)
    String type;

    @Argument(index = 2, name = "id", required = true, description = "Object id")
    @Completion(ObjectIdCompleter.class)
    String id;

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
        ObjectState state = stats.state(Objects.ref(tenant, type, id));
        ShellTable table = new ShellTable();
        table.column("Object");
        table.column("DN");
        table.column("Media");
        table.column("Status");
        table.column("Since");
        table.column("Call");
        table.addRow().addContent(tenant + "/" + type + "/" + id, "", "", state.status(), Objects.time(state.since()),
                "");
        for (ObjectState.EndpointStatus ep : state.dns()) {
            table.addRow().addContent("", ep.dn() == null ? "" : ep.dn(), ep.media(), ep.status(),
                    Objects.time(ep.since()), ep.call() == null ? "" : ep.call());
        }
        table.print(System.out);
        return null;
    }
}
