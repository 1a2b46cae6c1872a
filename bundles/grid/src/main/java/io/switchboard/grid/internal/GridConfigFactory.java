package io.switchboard.grid.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.GlobalSerializerConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** Builds and starts a member: loopback-friendly TCP/IP join, never multicast. */
public final class GridConfigFactory {

    private GridConfigFactory() {
    }

    public static Config config(GridSettings s, ClassLoader classLoader, CodecRegistry codecs) {
        Config config = new Config();
        config.setClusterName(s.clusterName());
        if (s.instanceName() != null && !s.instanceName().isBlank()) {
            config.setInstanceName(s.instanceName());
        }
        config.setClassLoader(classLoader);
        // Our logging goes through SLF4J (pax-logging in Karaf).
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        if (isLoopback(s.address())) {
            config.setProperty("hazelcast.local.localAddress", s.address());
        }
        config.setProperty("hazelcast.partition.count", Integer.toString(s.partitionCount()));
        // A member that stops answering (killed, its host gone) is let go after 15 s instead of
        // Hazelcast's 60: until then its partitions, and the sources it owned, wait for it.
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        // A member that was paused past that (SIGSTOP, a long GC) comes back as a cluster of its
        // own; it merges into the larger one (whose entries win: PutIfAbsent, Hazelcast's
        // default) at the next merge check, which runs every 15 s instead of 5 minutes after start.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "15");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "15");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(s.port()).setPortAutoIncrement(s.portCount() > 1).setPortCount(Math.max(1, s.portCount()));
        network.getInterfaces().setEnabled(true).addInterface(s.address());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(s.members());

        config.getSerializationConfig().setGlobalSerializerConfig(new GlobalSerializerConfig()
                .setImplementation(new CodecSerializer(codecs, classLoader))
                // Entry processors and aggregators are Serializable: route them to their codecs too.
                .setOverrideJavaSerialization(true));

        MapConfig defaults = config.getMapConfig("default");
        defaults.setBackupCount(s.backupCount());
        return config;
    }

    private static final String NODE_ATTRIBUTE = io.switchboard.api.cluster.MemberAttributes.NODE;
    private static final String HTTP_ATTRIBUTE = io.switchboard.api.cluster.MemberAttributes.HTTP;
    private static final String TCP_ATTRIBUTE = io.switchboard.api.cluster.MemberAttributes.TCP;

    /** Tells the other members who this node is (what {@code GET /api/v1/cluster} shows of it). */
    static void describe(Config config, io.switchboard.api.cluster.Solution solution) {
        com.hazelcast.config.MemberAttributeConfig attributes = config.getMemberAttributeConfig();
        if (solution == null) {
            String node = System.getProperty("switchboard.node");
            if (node != null && !node.isBlank()) {
                attributes.setAttribute(NODE_ATTRIBUTE, node.trim());
            }
            return;
        }
        io.switchboard.api.cluster.Solution.Member me = solution.local();
        attributes.setAttribute(NODE_ATTRIBUTE, me.name());
        attributes.setAttribute(HTTP_ATTRIBUTE, me.host() + ":" + me.http());
        attributes.setAttribute(TCP_ATTRIBUTE, me.host() + ":" + me.tcp());
    }

    /** Name of the split-brain protection every map's writes use in a solution of three or more. */
    static final String MAJORITY = "sb.majority";

    /**
     * A solution of three or more members refuses writes on a minority side ({@link MajorityOnceFormed});
     * with two, either side alone is no majority, and refusing would stop the survivor of a crash,
     * so a pair writes on (and a split pair merges by the larger side, as without a solution).
     */
    static void protect(Config config, io.switchboard.api.cluster.Solution solution) {
        if (solution == null || solution.members().size() < 3) {
            return;
        }
        MajorityOnceFormed function = new MajorityOnceFormed(solution.members().size());
        config.addSplitBrainProtectionConfig(new com.hazelcast.config.SplitBrainProtectionConfig(MAJORITY, true)
                .setProtectOn(com.hazelcast.splitbrainprotection.SplitBrainProtectionOn.WRITE)
                .setMinimumClusterSize(function.majority())
                .setFunctionImplementation(function));
        config.getMapConfig("default").setSplitBrainProtectionName(MAJORITY);
        for (MapConfig m : config.getMapConfigs().values()) {
            m.setSplitBrainProtectionName(MAJORITY);
        }
    }

    /**
     * Waits until the member may write: Hazelcast decides a split-brain protection on membership
     * changes and on a timer of one heartbeat interval, and refuses writes until its first
     * decision, so a node starting alone would fail its first writes (the engine's seeds).
     * True at once without protection; false when the wait ran out.
     */
    public static boolean awaitWritable(HazelcastInstance instance, java.time.Duration timeout) {
        if (!instance.getConfig().getSplitBrainProtectionConfigs().containsKey(MAJORITY)) {
            return true;
        }
        com.hazelcast.splitbrainprotection.SplitBrainProtection p =
                instance.getSplitBrainProtectionService().getSplitBrainProtection(MAJORITY);
        long end = System.nanoTime() + timeout.toNanos();
        while (!p.hasMinimumSize()) {
            if (System.nanoTime() > end) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50));
        }
        return true;
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || "localhost".equals(address);
    }

    /** Starts the member with the thread context class loader that Hazelcast's service lookup needs. */
    public static HazelcastInstance start(Config config) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(config.getClassLoader());
        try {
            return Hazelcast.newHazelcastInstance(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
