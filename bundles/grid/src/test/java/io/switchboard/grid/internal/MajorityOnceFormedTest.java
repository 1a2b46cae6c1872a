package io.switchboard.grid.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.switchboard.api.cluster.Solution;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.Test;

/** Writes on real members of a solution of three: alone at first, then only with a majority. */
public class MajorityOnceFormedTest {

    private static final Solution THREE = new Solution("t", List.of(
            new Solution.Member("a", "127.0.0.1", 15821, 1, 2, List.of()),
            new Solution.Member("b", "127.0.0.1", 15822, 3, 4, List.of()),
            new Solution.Member("c", "127.0.0.1", 15823, 5, 6, List.of())), "a");

    private static HazelcastInstance member(String cluster, int port, Solution solution) {
        GridSettings s = new GridSettings(cluster, "", "127.0.0.1", port, 1,
                List.of("127.0.0.1:15821", "127.0.0.1:15822"), 1, TwoMembers.PARTITIONS);
        Config config = GridConfigFactory.config(s, MajorityOnceFormedTest.class.getClassLoader(), new CodecRegistry());
        GridConfigFactory.protect(config, solution);
        return GridConfigFactory.start(config);
    }

    @Test
    public void aMemberWritesAloneUntilTheClusterHadAMajorityAndNotAfterItLostIt() {
        String cluster = "majority-" + UUID.randomUUID();
        HazelcastInstance a = member(cluster, 15821, THREE);
        HazelcastInstance b = null;
        try {
            // the first node of a cluster starting: alone, it writes (once Hazelcast first decided)
            assertTrue(GridConfigFactory.awaitWritable(a, Duration.ofSeconds(30)));
            a.getMap("sb.test").put("k", "alone");
            b = member(cluster, 15822, THREE);
            HazelcastInstance second = b;
            Awaitility.await("two members").atMost(Duration.ofSeconds(60))
                    .until(() -> a.getCluster().getMembers().size() == 2 && a.getPartitionService().isClusterSafe());
            a.getMap("sb.test").put("k", "majority");
            second.getLifecycleService().terminate();
            Awaitility.await("a alone again").atMost(Duration.ofSeconds(60))
                    .until(() -> a.getCluster().getMembers().size() == 1);
            Awaitility.await("a refusing writes").atMost(Duration.ofSeconds(30)).until(() -> {
                try {
                    a.getMap("sb.test").put("k", "minority");
                    return false;
                } catch (SplitBrainProtectionException e) {
                    return true;
                }
            });
            // reads go on, with what the majority wrote
            assertEquals("majority", a.getMap("sb.test").get("k"));
        } finally {
            if (b != null) {
                b.getLifecycleService().terminate();
            }
            a.getLifecycleService().terminate();
        }
    }

    @Test
    public void aPairHasNoProtection() {
        Config config = new Config();
        GridConfigFactory.protect(config, new Solution("t", THREE.members().subList(0, 2), "a"));
        assertNull(config.getMapConfig("default").getSplitBrainProtectionName());
        assertEquals(0, config.getSplitBrainProtectionConfigs().size());
    }

    @Test
    public void aMajorityIsMoreThanHalfOfTheSolution() {
        assertEquals(2, new MajorityOnceFormed(3).majority());
        assertEquals(3, new MajorityOnceFormed(4).majority());
        assertEquals(3, new MajorityOnceFormed(5).majority());
    }
}
