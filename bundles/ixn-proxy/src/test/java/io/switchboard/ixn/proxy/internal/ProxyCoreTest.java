package io.switchboard.ixn.proxy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeInfo;
import io.switchboard.api.interaction.SeatControl;
import io.switchboard.api.interaction.SubmitRequest;
import io.switchboard.ixn.node.internal.NodeDatabase;
import io.switchboard.ixn.node.internal.NodeEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The proxy over two real nodes on embedded Derby; a node is down while it is not in the directory. */
public class ProxyCoreTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final Map<String, InteractionNode> up = new ConcurrentHashMap<>();
    private final Map<String, NodeInfo> last = new ConcurrentHashMap<>();
    private final List<NodeEngine> engines = new ArrayList<>();
    private final List<NodeDatabase> databases = new ArrayList<>();
    private final AtomicReference<SeatControl> seats = new AtomicReference<>();
    private ExecutorService executor;
    private ProxyCore proxy;
    private NodeEngine a;
    private NodeEngine b;

    private final ProxyCore.Nodes directory = new ProxyCore.Nodes() {
        @Override
        public Map<String, InteractionNode> all() {
            Map<String, InteractionNode> out = new TreeMap<>();
            for (String n : List.of("a", "b")) {
                out.put(n, up.get(n));
            }
            return out;
        }

        @Override
        public NodeInfo lastInfo(String name) {
            return last.get(name);
        }
    };

    /** Long beside a loaded CI machine's pause, so an answer without a hold is never taken for a hold. */
    private static final long PULL_HOLD_MS = 1500;

    private NodeEngine node(String name, Set<String> tenants, Set<String> media) throws Exception {
        Path root = Paths.get("target/derby-test");
        Files.createDirectories(root);
        System.setProperty("derby.stream.error.file", root.resolve("derby.log").toString());
        NodeDatabase db = NodeDatabase.open(Files.createTempDirectory(root, name).resolve("db"));
        databases.add(db);
        NodeEngine e = new NodeEngine(new NodeEngine.Settings(name, name + "-primary", tenants, media, Set.of("fax"),
                100, PULL_HOLD_MS, 60000, 3000), db, now::get, seats::get, () -> { });
        e.start();
        assertTrue(e.tryLease());
        engines.add(e);
        up.put(name, e);
        last.put(name, e.info());
        return e;
    }

    @Before
    public void start() throws Exception {
        a = node("a", Set.of(), Set.of("chat", "email", "fax"));
        b = node("b", Set.of("acme"), Set.of("chat"));
        executor = Executors.newCachedThreadPool();
        proxy = new ProxyCore(new ProxyCore.Settings("p", 100, -1), directory, executor);
    }

    @After
    public void stop() {
        executor.shutdownNow();
        engines.forEach(e -> e.stop(true));
        databases.forEach(NodeDatabase::close);
    }

    private Interaction submit(String id, String media, int priority) {
        now.addAndGet(5);
        return proxy.submit(new SubmitRequest("acme", media, "q", id, priority, Map.of()));
    }

    private static void expect(int code, Runnable r) {
        try {
            r.run();
            fail("expected " + code);
        } catch (InteractionException e) {
            assertEquals(e.getMessage() + " " + e.detail(), code, e.code());
        }
    }

    @Test
    public void submitsSpreadOverNodesAndPullTakesThemInGlobalOrder() {
        List<Interaction> all = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            all.add(submit(null, "chat", k == 4 ? 9 : 0));
        }
        assertTrue(all.stream().anyMatch(i -> i.node().equals("a")));
        assertTrue(all.stream().anyMatch(i -> i.node().equals("b")));
        // email only on node a
        assertEquals("a", submit(null, "email", 0).node());
        List<Interaction> pulled = proxy.pull("acme", "q", 3);
        assertEquals(List.of(all.get(4).id(), all.get(0).id(), all.get(1).id()), ids(pulled));
        List<Interaction> rest = proxy.pull("acme", "q", 10);
        assertEquals(4, rest.size());
        assertEquals(all.get(2).id(), rest.get(0).id());
        assertTrue(proxy.pull("acme", "q", 10).isEmpty());
    }

    @Test
    public void aPullAnswersWithWhatThereIsAndWaitsOnlyWhenThereIsNothing() {
        Interaction one = submit(null, "chat", 0);
        long start = System.nanoTime();
        assertEquals(List.of(one.id()), ids(proxy.pull("acme", "q", 5)));
        assertTrue("no hold when something was there", System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(PULL_HOLD_MS - 500));
        start = System.nanoTime();
        assertTrue(proxy.pull("acme", "q", 5).isEmpty());
        assertTrue("held for the nodes' pull-hold-timeout",
                System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(PULL_HOLD_MS - 50));
    }

    @Test
    public void theProxysPullHoldTimeoutOverridesTheNodesAndMinusOneTakesTheNodes() {
        // the hold each node is asked to wait, seen where the proxy calls the nodes (a pull first
        // peeks without a hold, then, with nothing there, with one)
        List<Long> holds = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (String name : List.of("a", "b")) {
            InteractionNode real = up.get(name);
            up.put(name, (InteractionNode) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {InteractionNode.class}, (self, m, args) -> {
                        if (m.getName().equals("peek") && args.length == 5) {
                            holds.add((Long) args[3]);
                        }
                        try {
                            return m.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
        }
        assertTrue(new ProxyCore(new ProxyCore.Settings("p0", 100, 0), directory, executor)
                .pull("acme", "q", 5).isEmpty());
        assertEquals(List.of(0L, 0L), heldPart(holds));
        holds.clear();
        assertTrue(new ProxyCore(new ProxyCore.Settings("p200", 100, 200), directory, executor)
                .pull("acme", "q", 5).isEmpty());
        assertEquals(List.of(200L, 200L), heldPart(holds));
        holds.clear();
        assertTrue(proxy.pull("acme", "q", 5).isEmpty());
        assertEquals(List.of(PULL_HOLD_MS, PULL_HOLD_MS), heldPart(holds));
    }

    /** The holds of a pull's last round of peeks, one per node. */
    private static List<Long> heldPart(List<Long> holds) {
        return holds.subList(holds.size() - 2, holds.size());
    }

    @Test
    public void aViewOrderedByAgeIgnoresPriority() {
        Interaction old = submit(null, "chat", 0);
        Interaction urgent = submit(null, "chat", 9);
        Interaction young = submit(null, "chat", 0);
        assertEquals(List.of(old.id(), urgent.id()), ids(proxy.pull("acme", "q", 2, Interaction.ViewOrder.AGE)));
        assertEquals(List.of(young.id()), ids(proxy.pull("acme", "q", 2, Interaction.ViewOrder.PRIORITY)));
    }

    @Test
    public void idOperationsFindTheNodeByCacheOrBroadcast() {
        Interaction i = submit("client-1", "chat", 0);
        proxy.cache().clear();
        assertEquals(i.node(), proxy.get("client-1").node());
        assertEquals(1, proxy.cache().size());
        proxy.updateData("client-1", Map.of("x", "1"));
        proxy.agentLogin("acme", "ann", "p1", Set.of("chat"));
        assertEquals("ann", proxy.accept("client-1", "ann").agent());
        assertEquals(Interaction.State.WORKBIN, proxy.putInWorkbin("client-1", "drafts", "ann").state());
        assertEquals(List.of("client-1"), ids(proxy.workbin("acme", "drafts", "ann")));
        assertEquals("q2", proxy.placeInQueue("client-1", "q2").queue());
        assertEquals(Interaction.State.STOPPED, proxy.stop("client-1", "done").state());
        expect(404, () -> proxy.get("nobody"));
        expect(409, () -> submit("client-1", "chat", 0));
    }

    @Test
    public void findAndSnapshotMergeSorted() {
        for (int k = 0; k < 6; k++) {
            submit("f" + k, "chat", k % 3);
        }
        List<Interaction> found = proxy.find("acme", Map.of("queue", "q"), 0);
        assertEquals(6, found.size());
        List<Interaction> sorted = new ArrayList<>(found);
        sorted.sort(Interaction.QUEUE_ORDER);
        assertEquals(sorted, found);
        assertEquals(List.of("f2", "f5", "f1", "f4"), ids(proxy.snapshot("acme", "q", 4)));
        expect(400, () -> proxy.find("acme", Map.of("colour", "red"), 0));
    }

    @Test
    public void error2000UnsupportedOperation() {
        expect(InteractionException.UNSUPPORTED_OPERATION, () -> proxy.unsupported("ping"));
    }

    @Test
    public void error2001NoServerForMediaOrTenant() {
        expect(InteractionException.NO_SERVER_FOR_MEDIA_TENANT, () -> submit(null, "video", 0));
        // fax is disabled on node a, the only node with fax
        expect(InteractionException.NO_SERVER_FOR_MEDIA_TENANT, () -> submit(null, "fax", 0));
        up.remove("a");
        expect(InteractionException.NO_SERVER_FOR_MEDIA_TENANT,
                () -> proxy.submit(new SubmitRequest("other", "chat", "q", null, 0, null)));
    }

    @Test
    public void error2002LostConnectionWhenANodeStopsUnderAHeldPull() throws Exception {
        up.remove("a");
        CompletableFuture<List<Interaction>> pull = CompletableFuture.supplyAsync(() -> proxy.pull("acme", "q", 1));
        await(() -> b.heldPulls() > 0);
        b.stop(true);
        try {
            pull.get(10, TimeUnit.SECONDS);
            fail();
        } catch (java.util.concurrent.ExecutionException e) {
            assertEquals(InteractionException.LOST_CONNECTION, ((InteractionException) e.getCause()).code());
        }
        expect(InteractionException.LOST_CONNECTION, () -> proxy.agentLogin("acme", "ann", null, Set.of("chat")));
    }

    @Test
    public void error2003NotAccessibleWhileANodeIsDownUnlessTheCacheKnowsBetter() {
        Interaction i = submit("known", "chat", 0);
        String other = i.node().equals("a") ? "b" : "a";
        up.remove(other);
        expect(InteractionException.NOT_ACCESSIBLE, () -> proxy.get("unknown"));
        assertEquals("known", proxy.get("known").id());
        up.put(other, engines.get(other.equals("a") ? 0 : 1));
        up.remove(i.node());
        expect(InteractionException.NOT_ACCESSIBLE, () -> proxy.get("known"));
        // a client id cannot be proven unused while a node is down
        expect(InteractionException.NOT_ACCESSIBLE, () -> submit("new-id", "chat", 0));
    }

    @Test
    public void error2004OperationInProgressOnTheSameView() throws Exception {
        CompletableFuture<List<Interaction>> held = CompletableFuture.supplyAsync(() -> proxy.pull("acme", "q", 1));
        await(() -> a.heldPulls() + b.heldPulls() > 0);
        expect(InteractionException.IN_PROGRESS, () -> proxy.pull("acme", "q", 1));
        assertTrue(held.get(10, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    public void error2005DuplicateIdOnTwoNodes() {
        a.submit(new SubmitRequest("acme", "chat", "q", "twin", 0, null));
        b.submit(new SubmitRequest("acme", "chat", "q", "twin", 0, null));
        expect(InteractionException.DUPLICATE_ID, () -> proxy.get("twin"));
        expect(InteractionException.DUPLICATE_ID, () -> proxy.stop("twin", "x"));
    }

    @Test
    public void error2006SnapshotNotAccessibleWithANodeDown() {
        submit(null, "chat", 0);
        up.remove("b");
        expect(InteractionException.SNAPSHOT_NOT_ACCESSIBLE, () -> proxy.snapshot("acme", "q", 10));
        // node b never served tenant 'other': its snapshot does not need b
        proxy.snapshot("other", "q", 10);
    }

    @Test
    public void aLoginRefusedOnOneNodeIsRolledBackEverywhere() {
        seats.set(new SeatControl() {
            @Override
            public boolean acquire(String node, String tenant, String agent, Set<String> media) {
                return !node.equals("b");
            }

            @Override
            public void release(String node, String tenant, String agent) {
            }
        });
        expect(409, () -> proxy.agentLogin("acme", "ann", "p1", Set.of("chat")));
        assertTrue(a.agents("acme").isEmpty());
        assertTrue(b.agents("acme").isEmpty());
        seats.set(null);
        assertEquals(Set.of("chat", "email"), proxy.agentLogin("acme", "ann", "p1", Set.of("chat", "email")));
        proxy.agentReady("acme", "ann", Set.of());
        assertEquals(Map.of("ann", Map.of("chat", "ready", "email", "ready")), a.agents("acme"));
        assertEquals(Map.of("ann", Map.of("chat", "ready")), b.agents("acme"));
        proxy.agentNotReady("acme", "ann", Set.of("chat"), "break");
        proxy.agentLogout("acme", "ann");
        assertTrue(a.agents("acme").isEmpty());
        expect(409, () -> proxy.agentReady("acme", "ann", Set.of()));
    }

    @Test
    public void cacheIsBounded() {
        ProxyCore small = new ProxyCore(new ProxyCore.Settings("s", 2, -1), directory, executor);
        for (int k = 0; k < 5; k++) {
            small.submit(new SubmitRequest("acme", "chat", "q", null, 0, null));
        }
        assertEquals(2, small.cache().size());
    }

    private static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static List<String> ids(List<Interaction> l) {
        return l.stream().map(Interaction::id).toList();
    }

    /** A node whose process went: every call fails as a stub of a member that left does. */
    private static InteractionNode unreachable() {
        return (InteractionNode) java.lang.reflect.Proxy.newProxyInstance(InteractionNode.class.getClassLoader(),
                new Class<?>[] {InteractionNode.class}, (self, method, args) -> {
                    throw new io.switchboard.api.interaction.NodeUnavailableException("its member left", null);
                });
    }

    @Test
    public void aGeneratedIdIsAnsweredDefinitelyByTheNodeItNamesWhateverIsDownAndWhenTheCacheIsEmpty() {
        Interaction onA = submit(null, "email", 0);
        assertEquals("a", onA.node());
        Interaction onB = null;
        while (onB == null) {
            Interaction i = submit(null, "chat", 0);
            onB = "b".equals(i.node()) ? i : null;
        }
        String idOnB = onB.id();
        up.put("b", unreachable());
        // a proxy restarted: nothing in its cache
        ProxyCore fresh = new ProxyCore(new ProxyCore.Settings("p2", 100, -1), directory, executor);
        assertEquals(onA, fresh.get(onA.id()));
        expect(404, () -> fresh.get("a-zzz"));
        expect(404, () -> fresh.stop("a-zzz", "none"));
        assertEquals("1", fresh.updateData(onA.id(), Map.of("x", "1")).data().get("x"));
        // b's ids cannot be answered, a client id cannot be proven absent
        expect(InteractionException.NOT_ACCESSIBLE, () -> fresh.get(idOnB));
        expect(InteractionException.NOT_ACCESSIBLE, () -> fresh.get("client-9"));
        up.remove("b");
        expect(InteractionException.NOT_ACCESSIBLE, () -> fresh.get(idOnB));
        expect(404, () -> fresh.get("a-zzz"));
    }

    @Test
    public void aClientIdOfTheFormANodeGeneratesIsRefusedByTheProxyAndByThatNode() {
        expect(400, () -> submit("a-5", "chat", 0));
        expect(400, () -> submit("b-zz", "chat", 0));
        try {
            a.submit(new SubmitRequest("acme", "chat", "q", "a-5", 0, Map.of()));
            fail("node a took an id of its own generated form");
        } catch (InteractionException e) {
            assertEquals("id", e.detail());
        }
        // no node c here, and not the form (an upper-case letter): ordinary client ids
        assertEquals("c-5", submit("c-5", "chat", 0).id());
        assertEquals("a-X1", submit("a-X1", "chat", 0).id());
    }
}
