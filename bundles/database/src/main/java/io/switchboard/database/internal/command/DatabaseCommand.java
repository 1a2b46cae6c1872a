package io.switchboard.database.internal.command;

import io.switchboard.database.internal.DatabaseInfo;
import io.switchboard.database.internal.EmbeddedDatabase;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "database", description = "Shows the node's Derby database: name, JDBC URL, "
        + "size on disk, open connections, network server, health")
public class DatabaseCommand implements Action {

    @Reference(optional = true)
    List<DatabaseInfo> databases;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.emptyTableText("no database open (feature switchboard-database)");
        table.column("Name");
        table.column("URL");
        table.column("Size");
        table.column("Connections");
        table.column("Network server");
        table.column("Healthy");
        for (DatabaseInfo info : databases == null ? List.<DatabaseInfo>of() : databases) {
            EmbeddedDatabase db = info.database();
            boolean healthy = db.isHealthy();
            table.addRow().addContent(info.name(), db.url(), size(db.sizeBytes()),
                    healthy ? String.valueOf(db.openConnections()) : "-",
                    info.networkServer() == null ? "-" : info.networkServer(), healthy ? "yes" : "NO");
        }
        table.print(System.out);
        return null;
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
