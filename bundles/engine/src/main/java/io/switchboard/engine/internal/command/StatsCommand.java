package io.switchboard.engine.internal.command;

import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatValue;
import io.switchboard.api.stats.StatisticsService;
import io.switchboard.engine.internal.pool.PooledStat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "stats", description = "Lists the persistent pool of opened statistics with their values")
public class StatsCommand implements Action {

    @Option(name = "-t", aliases = "--tenant", description = "Only this tenant's statistics")
    @Completion(TenantCompleter.class)
    String tenant;

    @Option(name = "--no-values", description = "Do not compute values (large pools)")
    boolean noValues;

    @Reference
    private StatisticsService stats;

    @Override
    public Object execute() {
        if (!(stats instanceof io.switchboard.engine.internal.StatsEngine engine)) {
            throw new IllegalStateException("the statistics service is not this engine");
        }
        List<PooledStat> pool = new ArrayList<>(engine.pooled());
        pool.sort(Comparator.comparing((PooledStat p) -> p.request().object().toString())
                .thenComparing(p -> p.request().statType().name()));
        ShellTable table = new ShellTable();
        table.column("Ref");
        table.column("Stat type");
        table.column("Object");
        table.column("Profile");
        table.column("Mode");
        table.column("Value");
        table.column("Clients");
        table.column("Last request");
        for (PooledStat p : pool) {
            if (tenant != null && !tenant.equals(p.request().object().tenant())) {
                continue;
            }
            String value = "-";
            if (!noValues) {
                try {
                    StatValue v = stats.peek(p.request());
                    value = v.value() instanceof ObjectState s ? s.status() : String.valueOf(v.value());
                } catch (RuntimeException e) {
                    value = "error: " + e.getMessage();
                }
            }
            table.addRow().addContent(p.ref(), p.request().statType().name(), p.request().object().toString(),
                    p.request().inlineProfile() != null ? "inline" : p.request().timeProfile(),
                    p.notification().mode().name(), value, engine.clients(p.ref()), Objects.time(p.lastRequest()));
        }
        table.print(System.out);
        return null;
    }
}
