package io.switchboard.grid.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.hazelcast.map.IMap;
import io.switchboard.api.cluster.Solution;
import io.switchboard.api.cluster.SourceOwnership.Claim;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Ownership rules on a real two-member grid. */
public class SourceOwnersTest {

    private static Solution solution(String self) {
        return new Solution("t", List.of(new Solution.Member("a", "127.0.0.1", 1, 2, 7021, List.of("east*")),
                new Solution.Member("b", "127.0.0.1", 3, 4, 7022, List.of())), self);
    }

    @Test
    public void oneOwnerAtATimeAndATakeOverOnceItIsGone() {
        try (TwoMembers grid = new TwoMembers(15801)) {
            IMap<String, String> map = grid.first.getMap(SourceOwners.MAP);
            Map<String, String> live = new HashMap<>(Map.of("a", "127.0.0.1:7021", "b", "127.0.0.1:7022"));
            SourceOwners.Owners a = new SourceOwners.Owners(map, solution("a"), () -> live, "a");
            SourceOwners.Owners b = new SourceOwners.Owners(grid.second.getMap(SourceOwners.MAP), solution("b"),
                    () -> live, "b");

            assertTrue(b.claim("west-1").granted());
            Claim refused = a.claim("west-1");
            assertFalse(refused.granted());
            assertEquals("b", refused.owner());
            assertEquals("127.0.0.1:7022", refused.redirect());
            // the solution's first owner is up: its sources go there
            Claim first = b.claim("east-9");
            assertFalse(first.granted());
            assertEquals("127.0.0.1:7021", first.redirect());
            assertTrue(a.claim("east-9").granted());
            assertEquals(Map.of("a", List.of("east-9"), "b", List.of("west-1")), a.byNode());

            live.remove("b");
            assertTrue("b is gone: a takes its source over", a.claim("west-1").granted());
            live.put("b", "127.0.0.1:7022");
            assertEquals("b is back, a keeps it", "a", b.claim("west-1").owner());
        }
    }
}
