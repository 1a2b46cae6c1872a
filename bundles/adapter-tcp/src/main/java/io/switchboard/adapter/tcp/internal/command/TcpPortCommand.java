package io.switchboard.adapter.tcp.internal.command;

import io.switchboard.adapter.tcp.internal.TcpPortStatus;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "switchboard", name = "tcp", description = "Shows the TCP event port: address, TLS, connections, "
        + "and per source the lines received but not yet applied (lag)")
public class TcpPortCommand implements Action {

    @Reference
    TcpPortStatus port;

    @Override
    public Object execute() {
        Map<String, Long> lag = port.lagBySource();
        ShellTable summary = new ShellTable();
        summary.column("Address");
        summary.column("TLS");
        summary.column("Connections");
        summary.column("Max");
        summary.column("Lag");
        summary.addRow().addContent(port.address(), port.tls() ? "yes" : "no", port.connections(),
                port.maxConnections(), lag.values().stream().mapToLong(Long::longValue).sum());
        summary.print(System.out);
        ShellTable sources = new ShellTable();
        sources.emptyTableText("no source has said hello");
        sources.column("Source");
        sources.column("Lag");
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(lag).entrySet()) {
            sources.addRow().addContent(e.getKey(), e.getValue());
        }
        sources.print(System.out);
        return null;
    }
}
