package io.switchboard.rest.internal.command;

import static org.junit.Assert.assertTrue;

import io.switchboard.rest.internal.StatsServlet;
import io.switchboard.rest.internal.StreamInfo;
import java.util.List;
import org.junit.Test;

public class SseClientsCommandTest {

    private static SseClientsCommand command(List<StreamInfo> streams) {
        SseClientsCommand c = new SseClientsCommand();
        c.streams = () -> streams;
        return c;
    }

    @Test
    public void listsEachStreamWithItsRefsAndWhetherItStalls() throws Exception {
        long stalled = System.currentTimeMillis() - 12_000;
        String out = Shell.run(command(List.of(
                new StreamInfo("127.0.0.1:40001", 1_700_000_000_000L, List.of("r1", "r2"), 0, 0),
                new StreamInfo("127.0.0.1:40002", 1_700_000_000_000L, List.of("r3"), 2, stalled))));

        String[] lines = out.split("\\R");
        assertTrue(out, lines[0].matches("Peer\\s+\\| Since\\s+\\| Refs\\s+\\| Waiting \\| Stalled\\s*"));
        assertTrue(out, lines[2].matches("127.0.0.1:40001 \\| 2023-11-14T22:13:20Z \\| r1,r2 \\| 0\\s+\\| -\\s*"));
        assertTrue(out, lines[3].matches("127.0.0.1:40002 \\| 2023-11-14T22:13:20Z \\| r3\\s+\\| 2\\s+\\| 1[23] s\\s*"));
    }

    @Test
    public void saysSoWhenNoClientIsConnected() throws Exception {
        SseClientsCommand c = new SseClientsCommand();
        c.streams = new StatsServlet();

        String out = Shell.run(c);

        assertTrue(out, out.contains("no event stream clients"));
    }
}
