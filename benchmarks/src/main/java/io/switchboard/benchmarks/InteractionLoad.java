package io.switchboard.benchmarks;

import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeInfo;
import io.switchboard.api.interaction.SubmitRequest;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness of the Interaction Server: client threads each submit one interaction and pull one
 * (offer) in a loop, (1) straight on one node, (2) through a proxy over two nodes; prints
 * submits + pulls per second of each and the ratio. Nodes are the real engine on embedded Derby
 * (durable commits), in this JVM, as the proxy meets them inside Karaf.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.switchboard.benchmarks.InteractionLoad [threads] [seconds]</pre>
 */
public final class InteractionLoad {

    private InteractionLoad() {
    }

    interface Client {
        void submit(String queue);

        int pull(String queue);
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path root = Files.createTempDirectory("ixn-load");
        System.setProperty("derby.stream.error.file", root.resolve("derby.log").toString());
        System.out.printf("Interaction load: %d client threads, %d s per run (after 3 s warm-up), Derby under %s%n",
                threads, seconds, root);

        NodeEngine single = node(root, "solo");
        double direct = run("one node, direct", threads, seconds, new Client() {
            @Override
            public void submit(String queue) {
                single.submit(new SubmitRequest("t", "chat", queue, null, 0, Map.of("k", "v")));
            }

            @Override
            public int pull(String queue) {
                List<Interaction> head = single.peek("t", queue, 1, 0);
                return head.isEmpty() ? 0 : single.take(List.of(head.get(0).id())).size();
            }
        });
        single.stop(true);

        NodeEngine a = node(root, "a");
        NodeEngine b = node(root, "b");
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        ProxyCore proxy = new ProxyCore(new ProxyCore.Settings("load", 100_000, 0), new ProxyCore.Nodes() {
            @Override
            public Map<String, InteractionNode> all() {
                return new TreeMap<>(Map.of("a", a, "b", b));
            }

            @Override
            public NodeInfo lastInfo(String name) {
                return null;
            }
        }, executor);
        double viaProxy = run("proxy over two nodes", threads, seconds, new Client() {
            @Override
            public void submit(String queue) {
                proxy.submit(new SubmitRequest("t", "chat", queue, null, 0, Map.of("k", "v")));
            }

            @Override
            public int pull(String queue) {
                return proxy.pull("t", queue, 1).size();
            }
        });
        a.stop(true);
        b.stop(true);
        executor.shutdownNow();
        System.out.printf("ratio proxy over two nodes / one node direct: %.2f%n", viaProxy / direct);
    }

    private static NodeEngine node(Path root, String name) throws Exception {
        NodeDatabase db = NodeDatabase.open(root.resolve(name));
        NodeEngine e = new NodeEngine(new NodeEngine.Settings(name, name + "-primary", Set.of(), Set.of(), Set.of(),
                1000, 0, 3_600_000, 60_000), db, System::currentTimeMillis, () -> null, () -> { });
        e.start();
        if (!e.tryLease()) {
            throw new IllegalStateException("no lease for " + name);
        }
        return e;
    }

    /** Operations (submits + pulls) per second. */
    private static double run(String what, int threads, int seconds, Client client) throws InterruptedException {
        AtomicLong submits = new AtomicLong();
        AtomicLong pulls = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            // a queue per client, so that pulls do not meet on one view (which the proxy serialises)
            String queue = "q" + k;
            Thread t = new Thread(() -> {
                while (running.get()) {
                    client.submit(queue);
                    int got = client.pull(queue);
                    if (measuring.get()) {
                        submits.incrementAndGet();
                        pulls.addAndGet(got);
                    }
                }
            }, "load-" + k);
            t.start();
            workers.add(t);
        }
        Thread.sleep(3000);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread t : workers) {
            t.join();
        }
        double rate = (submits.get() + pulls.get()) / elapsed;
        System.out.printf("%-22s %8.0f submits/s %8.0f pulls/s %9.0f ops/s%n", what, submits.get() / elapsed,
                pulls.get() / elapsed, rate);
        return rate;
    }
}
