package io.switchboard.engine.internal.stats;

import static org.junit.Assert.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.Test;

/** Which members lack a plug-in, on two real grid members. */
public class ClusterPluginsTest {

    private static HazelcastInstance member(int port) {
        List<String> both = List.of("127.0.0.1:16881", "127.0.0.1:16882");
        return GridConfigFactory.start(GridConfigFactory.config(
                new GridSettings("plugins-16881", null, "127.0.0.1", port, 1, both, 1, 17),
                ClusterPluginsTest.class.getClassLoader(), new CodecRegistry()));
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> done) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(done);
    }

    @Test
    public void aPluginOnOneMemberOnlyIsLackingOnTheOtherUntilItIsThereToo() {
        HazelcastInstance a = member(16881);
        HazelcastInstance b = member(16882);
        try {
            await("two members", () -> a.getCluster().getMembers().size() == 2);
            ClusterPlugins onA = new ClusterPlugins(a);
            ClusterPlugins onB = new ClusterPlugins(b);
            String bName = "127.0.0.1:16882";
            onA.publish(Set.of("Percentile", "Median"));
            onB.publish(Set.of("Median"));
            await("b's entry replicated to a", () -> onA.lacking("Median").isEmpty());
            assertEquals(List.of(bName), onA.lacking("Percentile"));
            assertEquals(List.of(bName), onB.lacking("Percentile"));
            onB.publish(Set.of("Median", "Percentile"));
            await("b's new entry replicated to a", () -> onA.lacking("Percentile").isEmpty());
            onB.withdraw();
            await("b's withdrawal replicated to a", () -> onA.lacking("Median").equals(List.of(bName)));
        } finally {
            b.getLifecycleService().terminate();
            a.getLifecycleService().terminate();
        }
    }
}
