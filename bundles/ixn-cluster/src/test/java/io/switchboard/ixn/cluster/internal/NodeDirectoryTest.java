package io.switchboard.ixn.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.interaction.Interaction;
import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeUnavailableException;
import io.switchboard.api.interaction.SubmitRequest;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import io.switchboard.ixn.node.internal.NodeDatabase;
import io.switchboard.ixn.node.internal.NodeEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Two real grid members, a real node on embedded Derby served by the first and called from the second. */
public class NodeDirectoryTest {

    private HazelcastInstance a;
    private HazelcastInstance b;
    private NodeDirectory onA;
    private NodeDirectory onB;
    /** The stubs registered on b, by node name. */
    private final Map<String, InteractionNode> stubsOnB = new ConcurrentHashMap<>();
    private NodeDatabase database;
    private NodeEngine node;

    private static HazelcastInstance member(String cluster, int port) {
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : NodeCodecs.all()) {
            codecs.add(c);
        }
        return GridConfigFactory.start(GridConfigFactory.config(new GridSettings(cluster, null, "127.0.0.1", port, 1,
                List.of("127.0.0.1:15841", "127.0.0.1:15842"), 1, 17), NodeDirectoryTest.class.getClassLoader(), codecs));
    }

    private NodeDirectory.Stubs stubs(Map<String, InteractionNode> into) {
        return new NodeDirectory.Stubs() {
            @Override
            public Object register(String name, String member, InteractionNode stub) {
                into.put(name, stub);
                return name;
            }

            @Override
            public void unregister(Object registration) {
                into.remove((String) registration);
            }
        };
    }

    @Before
    public void start() throws Exception {
        String cluster = "ixn-" + UUID.randomUUID();
        a = member(cluster, 15841);
        b = member(cluster, 15842);
        Awaitility.await("two members").atMost(Duration.ofSeconds(60)).until(() -> a.getCluster().getMembers().size() == 2);
        onA = new NodeDirectory(a, stubs(new ConcurrentHashMap<>()));
        onB = new NodeDirectory(b, stubs(stubsOnB));
        onA.start();
        onB.start();
        Path root = Paths.get("target/derby-test");
        Files.createDirectories(root);
        System.setProperty("derby.stream.error.file", root.resolve("derby.log").toString());
        database = NodeDatabase.open(Files.createTempDirectory(root, "n1").resolve("db"));
        node = new NodeEngine(new NodeEngine.Settings("n1", "n1-primary", Set.of(), Set.of("chat"), Set.of(), 100, 300,
                60000, 3000), database, System::currentTimeMillis, () -> null, () -> { });
        node.start();
        assertTrue(node.tryLease());
    }

    @After
    public void stop() {
        if (onB != null) {
            onB.close();
            onA.close();
        }
        if (node != null) {
            node.stop(true);
            database.close();
        }
        b.getLifecycleService().terminate();
        a.getLifecycleService().terminate();
    }

    /** The member that announces n1, as b's map has it. */
    private static String announcer(HazelcastInstance on) {
        Object v = on.getMap(NodeDirectory.SERVED).get("n1");
        return v == null ? null : Announcement.parse((String) v).member().toString();
    }

    private InteractionNode awaitStub(String name) {
        Awaitility.await(name + " reached from b").atMost(Duration.ofSeconds(30)).until(() -> stubsOnB.containsKey(name));
        return stubsOnB.get(name);
    }

    @Test
    public void aNodeServedByOneMemberAnswersEveryMethodOnAnotherAsItWouldLocally() {
        onA.serving("n1", node);
        InteractionNode remote = awaitStub("n1");
        assertEquals(node.info(), remote.info());
        Interaction submitted = remote.submit(new SubmitRequest("acme", "chat", "q", null, 3, Map.of("k", "v")));
        assertEquals("n1", submitted.node());
        assertEquals(Optional.of(submitted), node.get(submitted.id()));
        assertEquals(Optional.of(submitted), remote.get(submitted.id()));
        assertEquals(Optional.empty(), remote.get("n1-none"));
        assertEquals(List.of(submitted), remote.peek("acme", "q", 5, 0, Interaction.ViewOrder.AGE));
        // a held peek on an empty queue waits the hold there and answers nothing
        long start = System.nanoTime();
        assertEquals(List.of(), remote.peek("acme", "empty", 5, 300));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos());
        assertEquals(Set.of("chat"), remote.agentLogin("acme", "ann", "p1", Set.of("chat", "email")));
        assertEquals(Map.of("ann", Map.of("chat", "not-ready")), remote.agents("acme"));
        assertEquals(Map.of("acme", Set.of("ann")), remote.loggedInAgents());
        assertEquals(List.of(submitted.id()), remote.take(List.of(submitted.id())).stream().map(Interaction::id).toList());
        // a refusal is the node's own exception, with its code and status
        try {
            remote.accept("n1-none", "ann");
            fail("accepted an unknown id");
        } catch (InteractionException e) {
            assertEquals(404, e.status());
            assertTrue(e.getMessage(), e.getMessage().contains("n1-none"));
        }
    }

    @Test
    public void aNodeThatStopsServingOrWhoseMemberLeavesIsNoLongerReachedAndItsStubSaysUnavailable() {
        onA.serving("n1", node);
        InteractionNode remote = awaitStub("n1");
        onA.notServing("n1", node);
        Awaitility.await("n1 gone from b").atMost(Duration.ofSeconds(30)).until(() -> !stubsOnB.containsKey("n1"));
        try {
            remote.info();
            fail("a node no longer served answered");
        } catch (NodeUnavailableException expected) {
            // the proxy reports it as lost connection or not accessible
        }
        onA.serving("n1", node);
        awaitStub("n1");
        onA.close();
        a.getLifecycleService().terminate();
        Awaitility.await("n1 gone with its member").atMost(Duration.ofSeconds(60)).until(() -> !stubsOnB.containsKey("n1"));
    }

    @Test
    public void aNameIsTakenOnceInTheClusterButAPairSharesItsNetworkDatabasesName() {
        assertNull(onA.claim("n7", "/data/a/derby/n7", false));
        assertNull("claimed again by its own member", onA.claim("n7", "/data/a/derby/n7", false));
        String refused = onB.claim("n7", "/data/b/derby/n7", false);
        assertTrue(refused, refused.contains("'n7' is taken") && refused.contains("127.0.0.1:15841"));
        assertNull(onA.claim("p1", "jdbc:derby://db:1527/p1", true));
        assertNull("the pair partner", onB.claim("p1", "jdbc:derby://db:1527/p1", true));
        assertTrue(onB.claim("p1", "jdbc:derby://db:1527/other", true) != null);
    }

    @Test
    public void aNameHeldByAMemberThatLeftIsFree() {
        assertNull(onA.claim("n8", "/data/a/derby/n8", false));
        onA.close();
        a.getLifecycleService().terminate();
        Awaitility.await("a gone").atMost(Duration.ofSeconds(60)).until(() -> b.getCluster().getMembers().size() == 1);
        assertNull(onB.claim("n8", "/data/b/derby/n8", false));
    }

    @Test
    public void aNameIsFreeOnceEveryInstanceOfItsProcessReleasedItButNotBefore() {
        // the two instances of a pair in one process (embedded database) claim once each
        assertNull(onA.claim("n9", "/data/a/derby/n9", false));
        assertNull(onA.claim("n9", "/data/a/derby/n9", false));
        onA.release("n9", "/data/a/derby/n9", false);
        String refused = onB.claim("n9", "/data/b/derby/n9", false);
        assertTrue("the partner still runs: " + refused, refused != null && refused.contains("'n9' is taken"));
        onA.release("n9", "/data/a/derby/n9", false);
        assertNull("released by its last instance", onB.claim("n9", "/data/b/derby/n9", false));
        String back = onA.claim("n9", "/data/a/derby/n9", false);
        assertTrue("now b's: " + back, back != null && back.contains("127.0.0.1:15842"));
        // a release by a member that does not hold the name changes nothing
        onA.release("n9", "/data/a/derby/n9", false);
        assertTrue(onA.claim("n9", "/data/a/derby/n9", false) != null);
    }

    @Test
    public void aPairOnANetworkDatabaseKeepsItsNameWhileEitherInstanceRuns() {
        String url = "jdbc:derby://db:1527/p2";
        assertNull(onA.claim("p2", url, true));
        assertNull("the pair partner", onB.claim("p2", url, true));
        onA.release("p2", url, true);
        String refused = onA.claim("p2", "/data/a/derby/p2", false);
        assertTrue("b's instance still holds it: " + refused, refused != null && refused.contains("127.0.0.1:15842"));
        assertNull("a's instance back as b's partner", onA.claim("p2", url, true));
        onA.release("p2", url, true);
        onB.release("p2", url, true);
        assertNull("free once both stopped", onA.claim("p2", "/data/a/derby/p2", false));
    }

    @Test
    public void aNodeServedBeforeItsNameWasCheckedLeavesTheHoldersAnnouncementAndItsStopLosesNothing() {
        onA.serving("n1", node);
        awaitStub("n1");
        String holder = a.getCluster().getLocalMember().getUuid().toString();
        // b's own n1 ran before b's directory came (its name refused later): a stops being reached there
        onB.serving("n1", node);
        Awaitility.await("b's stub dropped for its own n1").atMost(Duration.ofSeconds(30))
                .until(() -> !stubsOnB.containsKey("n1"));
        assertEquals("the holder's announcement stays", holder, announcer(b));
        onB.notServing("n1", node);
        assertEquals(holder, announcer(b));
        assertEquals(node.info(), awaitStub("n1").info());
    }

    @Test
    public void aNodeWhoseAnnouncerLeftIsAnnouncedByTheMemberThatServesItNow() {
        onA.serving("n1", node);
        awaitStub("n1");
        // the pair's partner on b takes over while a's announcement is still there
        onB.serving("n1", node);
        onA.close();
        a.getLifecycleService().terminate();
        String self = b.getCluster().getLocalMember().getUuid().toString();
        Awaitility.await("b announces n1").atMost(Duration.ofSeconds(60))
                .until(() -> self.equals(announcer(b)));
    }

    @Test
    public void aLaterTakeOfTheLeaseIsAnnouncedAtOnceAndTheEarlierHolderNeverTakesItBack() {
        onA.serving("n1", node, 10);
        awaitStub("n1");
        String onBSelf = b.getCluster().getLocalMember().getUuid().toString();
        // a's member is still in the cluster (paused, say): b's instance took the lease after it
        onB.serving("n1", node, 20);
        Awaitility.await("b announces its later take").atMost(Duration.ofSeconds(30))
                .until(() -> onBSelf.equals(announcer(a)));
        // a's old instance, still registered there, reconciles: it does not win the entry back
        onA.reconcile();
        assertEquals(onBSelf, announcer(a));
        onA.notServing("n1", node);
        onA.reconcile();
        assertEquals(onBSelf, announcer(b));
    }
}
