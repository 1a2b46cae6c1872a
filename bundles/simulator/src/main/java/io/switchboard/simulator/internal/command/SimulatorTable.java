package io.switchboard.simulator.internal.command;

import io.switchboard.simulator.internal.SimulatorStatus;
import java.util.Dictionary;
import org.apache.karaf.shell.support.table.ShellTable;

/** The simulator's configuration and state, as every simulator command prints it. */
final class SimulatorTable {

    private SimulatorTable() {
    }

    static void print(Dictionary<String, Object> props, SimulatorStatus status) {
        ShellTable table = new ShellTable();
        table.column("State");
        table.column("Tenant");
        table.column("Source");
        table.column("Agents");
        table.column("Queues");
        table.column("Calls/min");
        table.column("Events sent");
        if (props == null) {
            table.addRow().addContent("not configured (switchboard:simulator-start configures it)", "-", "-", "-", "-",
                    "-", "-");
        } else {
            String state;
            if (status == null) {
                state = "starting";
            } else {
                state = status.idleReason() == null ? "running" : status.idleReason();
            }
            table.addRow().addContent(state, get(props, "tenant", "demo"), get(props, "source", "simulator"),
                    get(props, "agents", "20"), queues(props.get("queues")), get(props, "callsPerMinute", "12"),
                    status == null ? "-" : status.eventsSent());
        }
        table.print(System.out);
    }

    private static String get(Dictionary<String, Object> props, String key, String fallback) {
        Object v = props.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    private static String queues(Object v) {
        if (v == null) {
            return "sales,support,billing";
        }
        if (v instanceof String[] a) {
            return String.join(",", a);
        }
        if (v instanceof java.util.Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }
}
