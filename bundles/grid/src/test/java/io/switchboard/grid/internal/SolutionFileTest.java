package io.switchboard.grid.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.cluster.Solution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SolutionFileTest {

    private static final String THREE = "{\"members\": ["
            + "{\"name\": \"a\", \"host\": \"127.0.0.1\", \"port\": 5701, \"http\": 8181, \"tcp\": 7021, \"sources\": [\"pbx-east*\"]},"
            + "{\"name\": \"b\", \"host\": \"127.0.0.1\", \"port\": 5702, \"http\": 8182, \"tcp\": 7022, \"sources\": [\"pbx-?\"]},"
            + "{\"name\": \"c\", \"host\": \"127.0.0.1\", \"port\": 5703, \"http\": 8183, \"tcp\": 7023}]}";

    @Test
    public void aNamedNodeGetsItsMembersGridSettings() throws Exception {
        Solution s = SolutionFile.parse("prod", THREE, "b", (h, p) -> true);
        assertEquals("prod", s.name());
        assertEquals("b", s.local().name());
        GridSettings g = SolutionFile.settings(s, new GridSettings("x", "", "0.0.0.0", 1, 20, List.of(), 1, 271));
        assertEquals("prod", g.clusterName());
        assertEquals(5702, g.port());
        assertEquals(1, g.portCount());
        assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"), g.members());
        assertEquals(271, g.partitionCount());
    }

    @Test
    public void withoutANameANodeIsTheFirstMemberItCanBind() throws Exception {
        Solution s = SolutionFile.parse("prod", THREE, null, (h, p) -> p != 5701);
        assertEquals("b", s.self());
    }

    @Test
    public void sourcesGoFirstToTheMemberWhoseGlobMatchesTheWholeName() throws Exception {
        Solution s = SolutionFile.parse("prod", THREE, "c", (h, p) -> true);
        assertEquals("a", s.firstOwnerOf("pbx-east-2").name());
        assertEquals("b", s.firstOwnerOf("pbx-7").name());
        assertEquals(null, s.firstOwnerOf("pbx-77"));
        assertEquals(null, s.firstOwnerOf("xpbx-east"));
        assertFalse(s.member("c").ownsFirst("anything"));
    }

    @Test
    public void aBadFileNamesWhatIsWrong() {
        Map<String, String> bad = Map.of(
                "{}", "'members'",
                "{\"members\": [{\"name\": \"a\", \"host\": \"h\", \"port\": 70000, \"http\": 1, \"tcp\": 2}]}", "'port'",
                "{\"members\": [{\"host\": \"h\", \"port\": 1, \"http\": 1, \"tcp\": 2}]}", "'name'",
                "{\"members\": [{\"name\": \"a\", \"host\": \"h\", \"port\": 1, \"http\": 1, \"tcp\": 2},"
                        + "{\"name\": \"a\", \"host\": \"h\", \"port\": 2, \"http\": 1, \"tcp\": 2}]}", "taken",
                THREE, "no member named 'z'");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            try {
                SolutionFile.parse("prod", e.getKey(), e.getKey() == THREE ? "z" : "a", (h, p) -> true);
                fail("accepted " + e.getKey());
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains(e.getValue()));
            } catch (Exception other) {
                throw new AssertionError(e.getKey() + " gave " + other, other);
            }
        }
    }

    @Test
    public void noSolutionIsAClusterOfOneAndAMissingFileStopsTheStart() throws Exception {
        Path etc = Files.createTempDirectory("etc");
        assertEquals(null, SolutionFile.load(k -> null, k -> null, etc));
        try {
            SolutionFile.load(k -> k.equals("switchboard.cluster") ? "prod" : null, k -> null, etc);
            fail("started without its solution file");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("switchboard-cluster-prod.json"));
        }
        Files.writeString(etc.resolve("switchboard-cluster-prod.json"), THREE);
        Solution s = SolutionFile.load(k -> null, k -> k.equals("SWITCHBOARD_CLUSTER") ? "prod"
                : k.equals("SWITCHBOARD_NODE") ? "c" : null, etc);
        assertEquals("c", s.self());
    }
}
