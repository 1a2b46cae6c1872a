package io.switchboard.grid.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.EventIngestService;
import io.switchboard.api.event.IngestResult;
import io.switchboard.api.event.SourceStats;
import io.switchboard.grid.internal.TwoMembers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class ClusterCommandTest {

    private static TwoMembers grid;

    @BeforeClass
    public static void start() {
        grid = new TwoMembers(6571);
    }

    @AfterClass
    public static void stop() {
        grid.close();
    }

    private static ClusterCommand command(String member) {
        ClusterCommand c = new ClusterCommand();
        c.grid = grid.first;
        c.ingest = new Sources("agents-feed", "calls-feed");
        c.member = member;
        return c;
    }

    @Test
    public void showsTheClusterAndEachMemberWithItsPartitionsAndTheLocalSources() throws Exception {
        String[] lines = run(command(null)).split("\\R");

        assertTrue(lines[0], lines[0].matches("Cluster\\s+\\| State\\s+\\| Safe \\| Members \\| Partitions \\| Unowned"));
        assertTrue(lines[2], lines[2].matches("shell-test-\\S+ \\| ACTIVE \\| yes\\s+\\| 2\\s+\\| 17\\s+\\| 0\\s*"));
        assertTrue(lines[3], lines[3].matches("Member\\s+\\| Uuid\\s+\\| Local \\| Version\\s*\\| Partitions \\| Sources\\s*"));
        int total = 0;
        for (int i = 5; i <= 6; i++) {
            String[] cells = lines[i].split("\\s*\\|\\s*");
            boolean local = cells[0].equals(TwoMembers.address(grid.first));
            assertEquals(lines[i], local ? "*" : "", cells[2]);
            assertEquals(lines[i], local ? "agents-feed,calls-feed" : "?", cells.length > 5 ? cells[5] : "");
            total += Integer.parseInt(cells[4]);
        }
        assertEquals("every partition owned by one member", 17, total);
    }

    @Test
    public void withAMemberListsItsPartitionIds() throws Exception {
        String address = TwoMembers.address(grid.second);
        int owned = 0;
        for (var p : grid.first.getPartitionService().getPartitions()) {
            owned += p.getOwner().getUuid().equals(grid.second.getCluster().getLocalMember().getUuid()) ? 1 : 0;
        }

        String[] lines = run(command(address)).split("\\R");

        String[] cells = lines[2].split("\\s*\\|\\s*");
        assertEquals(address, cells[0]);
        assertEquals(String.valueOf(owned), cells[1]);
        assertEquals(owned, cells[2].split(",").length);
    }

    @Test
    public void anUnknownMemberIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(command("10.9.9.9:1")));
        assertTrue(e.getMessage(), e.getMessage().startsWith("no member '10.9.9.9:1' in cluster 'shell-test-"));
    }

    @Test
    public void membersComplete() {
        MemberCompleter c = new MemberCompleter();
        c.grid = grid.second;
        String[] words = {"switchboard:cluster", "127.0.0.1:657"};
        List<String> candidates = new ArrayList<>();
        c.complete(null, new CommandLineImpl(words, 1, words[1].length(), 33, "switchboard:cluster 127.0.0.1:657"),
                candidates);
        candidates.replaceAll(String::trim);
        candidates.sort(null);

        assertEquals(List.of("127.0.0.1:6571", "127.0.0.1:6572"), candidates);
    }

    static synchronized String run(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.execute();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace('\u2502', '|');
    }

    /** An ingest service that only knows its sources. */
    private record Sources(String... names) implements EventIngestService {
        @Override
        public List<SourceStats> sources() {
            return java.util.Arrays.stream(names).map(n -> new SourceStats(n, 1, 1, 0, 0, 0)).toList();
        }

        @Override
        public IngestResult ingestLines(List<String> lines) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IngestResult ingestLines(List<String> lines, String requiredSource) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IngestResult ingestDurable(List<String> lines, String requiredSource) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IngestResult ingest(List<io.switchboard.api.event.CanonicalEvent> events) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long lastSeq(String source) {
            return 0;
        }

        @Override
        public long acceptedTotal() {
            return 0;
        }

        @Override
        public long rejectedTotal() {
            return 0;
        }

        @Override
        public long duplicatesTotal() {
            return 0;
        }
    }
}
