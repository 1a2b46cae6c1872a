package io.switchboard.capture.internal;

import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeInfo;
import io.switchboard.ixn.node.internal.NodeDatabase;
import io.switchboard.ixn.node.internal.NodeEngine;
import io.switchboard.ixn.proxy.internal.ProxyCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Two real interaction nodes on embedded Derby and the real proxy over them, as a capture point meets them. */
final class Cluster implements AutoCloseable {

    static final List<String> NODES = List.of("node-a", "node-b");

    final Map<String, NodeEngine> nodes = new TreeMap<>();
    final ProxyCore proxy;
    private final List<NodeDatabase> databases = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    Cluster(Path root) throws Exception {
        System.setProperty("derby.stream.error.file", root.resolve("derby.log").toString());
        for (String n : NODES) {
            NodeDatabase db = NodeDatabase.open(Files.createDirectories(root.resolve(n)).resolve("db"));
            databases.add(db);
            // nothing renews the lease here but the nodes' own writes: 3 s without one (a loaded
            // machine setting up a broker or waiting on a file's read lock) lost it mid-test
            NodeEngine e = new NodeEngine(new NodeEngine.Settings(n, n + "-primary", Set.of(), Set.of(), Set.of(),
                    100, 100, 60000, 600_000), db, System::currentTimeMillis, () -> null, () -> { });
            e.start();
            if (!e.tryLease()) {
                throw new IllegalStateException(n + " took no lease");
            }
            nodes.put(n, e);
        }
        proxy = new ProxyCore(new ProxyCore.Settings("proxy", 100, -1), new ProxyCore.Nodes() {
            @Override
            public Map<String, InteractionNode> all() {
                return new TreeMap<>(nodes);
            }

            @Override
            public NodeInfo lastInfo(String name) {
                return nodes.get(name).info();
            }
        }, executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        nodes.values().forEach(e -> e.stop(true));
        databases.forEach(NodeDatabase::close);
    }
}
