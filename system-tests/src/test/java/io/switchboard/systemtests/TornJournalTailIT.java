package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/**
 * A segment whose last line was cut short (a write torn by a power loss or a full disk; a SIGKILL
 * alone does not tear a write): the next append must not go right after the torn bytes, or the
 * first event acknowledged after the restart shares a line with them and is lost at the next
 * replay. The journal cuts a torn tail when it opens.
 */
public class TornJournalTailIT {

    private static final long BASE = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();

    @Test
    public void anEventAcknowledgedAfterATornTailSurvivesTheNextRestart() throws Exception {
        EventGenerator g = new EventGenerator("demo", "pbx-t", EventGenerator.demoAgents(1, 5), List.of("sales"), 9,
                EventGenerator.Mix.FULL, seq -> BASE + seq * 1000);
        List<String> lines = g.take(110);
        try (ForkedServer s = ForkedServer.create(Path.of("target/torn"), new ForkedServer.Options().eventClock(true))) {
            s.start();
            feed(s, lines, 100);
            s.stop();
            try (var segments = Files.list(s.journalDirectory())) {
                Path last = segments.sorted().reduce((a, b) -> b).orElseThrow();
                Files.writeString(last, "{\"type\":\"AgentReady\",\"ts\":\"2026-03-02T09", StandardCharsets.UTF_8,
                        StandardOpenOption.APPEND);
            }
            s.start();
            feed(s, lines, 110);
            s.kill();
            s.start();
            assertEquals("acknowledged events missing from the journal", List.of(),
                    JournalContents.read(s.journalDirectory()).missing("pbx-t", 110));
        }
    }

    private static void feed(ForkedServer s, List<String> lines, long to) throws Exception {
        try (TcpEventClient c = s.tcpClient("pbx-t", seq -> seq <= to ? lines.get((int) seq - 1) : null)) {
            c.start(to);
            c.awaitAllAcked(Duration.ofMinutes(2));
        }
    }
}
