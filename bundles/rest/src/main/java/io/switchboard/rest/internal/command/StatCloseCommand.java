package io.switchboard.rest.internal.command;

import io.switchboard.api.stats.StatisticsService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The shell's {@code DELETE /api/v1/stats/{ref}}. */
@Service
@Command(scope = "switchboard", name = "stat-close", description = "Closes statistics by ref (as DELETE "
        + "/api/v1/stats/{ref}); they stay in the persistent pool")
public class StatCloseCommand implements Action {

    @Argument(index = 0, name = "refs", required = true, multiValued = true, description = "Refs from stat-open")
    @Completion(RefCompleter.class)
    List<String> refs;

    @Reference
    StatisticsService stats;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Ref");
        table.column("Result");
        int unknown = 0;
        for (String ref : refs) {
            boolean closed = stats.close(ref);
            unknown += closed ? 0 : 1;
            table.addRow().addContent(ref, closed ? "closed" : "unknown ref");
        }
        table.print(System.out);
        if (unknown > 0) {
            // a script must see that something it named did not exist
            throw new IllegalArgumentException(unknown + " of " + refs.size() + " refs unknown");
        }
        return null;
    }
}
