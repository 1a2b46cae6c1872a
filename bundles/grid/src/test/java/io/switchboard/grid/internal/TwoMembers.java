package io.switchboard.grid.internal;

import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Two real grid members on loopback, in a cluster of their own. */
public final class TwoMembers implements AutoCloseable {

    public static final int PARTITIONS = 17;

    public final HazelcastInstance first;
    public final HazelcastInstance second;

    public TwoMembers(int port) {
        String cluster = "shell-test-" + UUID.randomUUID();
        List<String> members = List.of("127.0.0.1:" + port, "127.0.0.1:" + (port + 1));
        first = start(cluster, port, members);
        second = start(cluster, port + 1, members);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // the partition table is complete once both members own theirs and the backups are made
        while (!(first.getCluster().getMembers().size() == 2 && first.getPartitionService().isClusterSafe())) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the two members did not form a safe cluster in 60 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static HazelcastInstance start(String cluster, int port, List<String> members) {
        GridSettings s = new GridSettings(cluster, "", "127.0.0.1", port, 1, members, 1, PARTITIONS);
        return GridConfigFactory.start(GridConfigFactory.config(s, TwoMembers.class.getClassLoader(), new CodecRegistry()));
    }

    public static String address(HazelcastInstance hz) {
        var a = hz.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    @Override
    public void close() {
        second.getLifecycleService().terminate();
        first.getLifecycleService().terminate();
    }
}
