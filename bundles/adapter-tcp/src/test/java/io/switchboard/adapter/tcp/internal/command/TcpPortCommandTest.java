package io.switchboard.adapter.tcp.internal.command;

import static org.junit.Assert.assertTrue;

import io.switchboard.adapter.tcp.internal.TcpPortStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;

/** The table of switchboard:tcp; what the status reports of a real port is TcpPortManagementTest's. */
public class TcpPortCommandTest {

    private static TcpPortStatus status(int connections, Map<String, Long> lag) {
        return new TcpPortStatus() {
            @Override
            public String address() {
                return "127.0.0.1:7021";
            }

            @Override
            public int connections() {
                return connections;
            }

            @Override
            public int maxConnections() {
                return 1000;
            }

            @Override
            public boolean tls() {
                return true;
            }

            @Override
            public Map<String, Long> lagBySource() {
                return lag;
            }
        };
    }

    private static String run(TcpPortStatus status) throws Exception {
        TcpPortCommand c = new TcpPortCommand();
        c.port = status;
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            c.execute();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace('\u2502', '|');
    }

    @Test
    public void showsConnectionsTotalLagAndEachSourcesLag() throws Exception {
        String[] lines = run(status(3, Map.of("pbx-b", 2L, "pbx-a", 5L))).split("\\R");

        assertTrue(lines[0], lines[0].matches("Address\\s+\\| TLS \\| Connections \\| Max\\s+\\| Lag"));
        assertTrue(lines[2], lines[2].matches("127.0.0.1:7021 \\| yes \\| 3\\s+\\| 1000 \\| 7\\s*"));
        assertTrue(lines[3], lines[3].matches("Source \\| Lag"));
        assertTrue(lines[5], lines[5].matches("pbx-a\\s+\\| 5\\s*"));
        assertTrue(lines[6], lines[6].matches("pbx-b\\s+\\| 2\\s*"));
    }

    @Test
    public void saysSoWhenNoSourceIsConnected() throws Exception {
        String out = run(status(0, Map.of()));

        assertTrue(out, out.contains("no source has said hello"));
    }
}
