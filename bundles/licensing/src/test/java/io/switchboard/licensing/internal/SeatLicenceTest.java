package io.switchboard.licensing.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.interaction.InteractionException;
import io.switchboard.api.interaction.InteractionNode;
import io.switchboard.api.interaction.NodeInfo;
import io.switchboard.api.interaction.SeatControl;
import io.switchboard.api.licensing.Licenses;
import io.switchboard.api.licensing.Seat;
import io.switchboard.ixn.node.internal.NodeDatabase;
import io.switchboard.ixn.node.internal.NodeEngine;
import io.switchboard.ixn.proxy.internal.ProxyCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The licence under the real proxy over four real nodes on embedded Derby, as a cluster of four
 * interaction node pairs would run it.
 */
public class SeatLicenceTest {

    private static final List<String> NODES = List.of("n1", "n2", "n3", "n4");

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final Map<String, InteractionNode> up = new ConcurrentHashMap<>();
    private final List<NodeEngine> engines = new ArrayList<>();
    private final List<NodeDatabase> databases = new ArrayList<>();
    private final AtomicReference<SeatControl> seats = new AtomicReference<>();
    private ExecutorService executor;
    private ProxyCore proxy;
    private SeatLicence licence;

    private final ProxyCore.Nodes directory = new ProxyCore.Nodes() {
        @Override
        public Map<String, InteractionNode> all() {
            Map<String, InteractionNode> out = new TreeMap<>();
            for (String n : NODES) {
                out.put(n, up.get(n));
            }
            return out;
        }

        @Override
        public NodeInfo lastInfo(String name) {
            InteractionNode n = up.get(name);
            return n == null ? null : n.info();
        }
    };

    private NodeEngine engine(String name, String instance, NodeDatabase db) throws Exception {
        NodeEngine e = new NodeEngine(new NodeEngine.Settings(name, instance, Set.of(), Set.of("chat", "email"), Set.of(),
                100, 100, 60000, 3000), db, now::get, seats::get, () -> { });
        e.start();
        engines.add(e);
        return e;
    }

    private static NodeDatabase database(String name) throws Exception {
        Path root = Paths.get("target/derby-test");
        Files.createDirectories(root);
        System.setProperty("derby.stream.error.file", root.resolve("derby.log").toString());
        return NodeDatabase.open(Files.createTempDirectory(root, name).resolve("db"));
    }

    @Before
    public void start() throws Exception {
        for (String n : NODES) {
            NodeDatabase db = database(n);
            databases.add(db);
            NodeEngine e = engine(n, n + "-primary", db);
            assertTrue(e.tryLease());
            up.put(n, e);
        }
        executor = Executors.newCachedThreadPool();
        proxy = new ProxyCore(new ProxyCore.Settings("p", 100, -1), directory, executor);
        licence = new SeatLicence(now::get, (tenant, agent) -> proxy.agentLogout(tenant, agent));
        for (String n : NODES) {
            licence.nodeUp(n, up.get(n)::loggedInAgents);
        }
        seats.set(licence);
    }

    @After
    public void stop() {
        executor.shutdownNow();
        engines.forEach(e -> e.stop(true));
        databases.forEach(NodeDatabase::close);
    }

    private static SeatLimits limits(Object... keyValues) {
        Map<String, Object> m = new TreeMap<>();
        for (int k = 0; k < keyValues.length; k += 2) {
            m.put((String) keyValues[k], keyValues[k + 1]);
        }
        return SeatLimits.parse(m);
    }

    private void login(String agent) {
        now.addAndGet(10);
        assertEquals(Set.of("chat"), proxy.agentLogin("acme", agent, "p-" + agent, Set.of("chat")));
    }

    private void refused(String agent) {
        now.addAndGet(10);
        try {
            proxy.agentLogin("acme", agent, "p-" + agent, Set.of("chat"));
            fail(agent + " got a seat");
        } catch (InteractionException e) {
            assertEquals(409, e.code());
            assertEquals(409, e.status());
            assertEquals("no seat", e.getMessage());
            assertTrue(e.detail(), e.detail().contains("'" + agent + "'"));
        }
    }

    /** The agents logged in on every node: each node must agree, the licence spans them all. */
    private Set<String> loggedInEverywhere() {
        Set<String> first = null;
        for (String n : NODES) {
            Set<String> here = up.get(n).agents("acme").keySet();
            if (first == null) {
                first = here;
            }
            assertEquals("node " + n + " differs", first, here);
        }
        return first;
    }

    private Map<String, Integer> used() {
        Map<String, Integer> out = new TreeMap<>();
        licence.licenses().nodes().forEach(n -> out.put(n.node(), n.used()));
        return out;
    }

    private static Map<String, Integer> each(int used) {
        Map<String, Integer> out = new TreeMap<>();
        NODES.forEach(n -> out.put(n, used));
        return out;
    }

    @Test
    public void capacityIsTheSmallestRunningNodesSeats() {
        assertNull("no limit configured, no limit", licence.licenses().capacity());
        licence.configure(limits("seats", 30, "seats.n4", 10));
        Licenses l = licence.licenses();
        assertEquals(Integer.valueOf(10), l.capacity());
        assertEquals(List.of(30, 30, 30, 10), l.nodes().stream().map(Licenses.NodeSeats::seats).toList());
        // a node that is down takes no logins: the running ones decide
        licence.nodeDown("n4");
        assertEquals(Integer.valueOf(30), licence.licenses().capacity());
        assertFalse(licence.licenses().nodes().get(3).up());
        licence.nodeUp("n4", up.get("n4")::loggedInAgents);
        assertEquals(Integer.valueOf(10), licence.licenses().capacity());
        // one node without a limit does not lift the others'
        licence.configure(limits("seats.n2", 7, "seats.n3", -1));
        assertEquals(Integer.valueOf(7), licence.licenses().capacity());
        assertNull(licence.licenses().nodes().get(2).seats());
    }

    @Test
    public void aLoginRefusedOnOneNodeForWantOfASeatIsRefusedEverywhere() {
        licence.configure(limits("seats", 3, "seats.n3", 1));
        login("ann");
        refused("bob");
        assertEquals("bob reached n1 and n2 before n3 refused him: taken back", Set.of("ann"), loggedInEverywhere());
        assertEquals(each(1), used());
        // a second login of an agent with a seat (more media) takes no second seat
        now.addAndGet(10);
        assertEquals(Set.of("chat", "email"), proxy.agentLogin("acme", "ann", "p-ann", Set.of("chat", "email")));
        assertEquals(each(1), used());
        proxy.agentLogout("acme", "ann");
        assertEquals(each(0), used());
        login("bob");
        assertEquals(Set.of("bob"), loggedInEverywhere());
    }

    @Test
    public void aLoweredLimitLogsOutTheMostRecentLoginsFromEveryNode() {
        licence.configure(limits("seats", 5));
        for (String a : List.of("a1", "a2", "a3", "a4", "a5")) {
            login(a);
        }
        refused("a6");
        List<Seat> out = licence.configure(limits("seats", 3));
        assertEquals(Set.of("a1", "a2", "a3"), loggedInEverywhere());
        assertEquals(Set.of("a4", "a5"), out.stream().map(Seat::agent).collect(java.util.stream.Collectors.toSet()));
        assertEquals(each(3), used());
        refused("a6");
        // lowering one node's seats frees the seats of its most recent login on every node
        licence.configure(limits("seats", 3, "seats.n2", 2));
        assertEquals(Set.of("a1", "a2"), loggedInEverywhere());
        assertEquals(each(2), used());
        // raising it again lets new logins in, it logs nobody back in
        licence.configure(limits("seats", 4));
        login("a7");
        assertEquals(Set.of("a1", "a2", "a7"), loggedInEverywhere());
    }

    /**
     * The seed's example: 100 licences, four nodes at 30. There the fourth node gets only the 10
     * left over and 10 agents is the cluster's capacity. Here a node holds the seats it is
     * configured with; since every login takes a seat on every node, the same 100 licences
     * split 30+30+30+10 give the same capacity of 10, and the eleventh agent is refused on the
     * fourth node and taken back from the other three.
     */
    @Test
    public void theSeedsExampleHundredSeatsFourNodesAtThirty() {
        licence.configure(limits("seats", 30));
        assertEquals(Integer.valueOf(30), licence.licenses().capacity());
        for (int k = 1; k <= 30; k++) {
            login("agent" + k);
        }
        refused("agent31");
        assertEquals(30, loggedInEverywhere().size());
        assertEquals(each(30), used());
        // the licence actually bought covers 100 node-seats: the fourth node can only have 10
        List<Seat> out = licence.configure(limits("seats", 30, "seats.n4", 10));
        assertEquals(20, out.size());
        assertEquals(Integer.valueOf(10), licence.licenses().capacity());
        Set<String> first10 = new java.util.TreeSet<>();
        for (int k = 1; k <= 10; k++) {
            first10.add("agent" + k);
        }
        assertEquals("the 20 most recent logins left every node", first10, loggedInEverywhere());
        assertEquals(Map.of("n1", 10, "n2", 10, "n3", 10, "n4", 10), used());
        refused("agent31");
    }

    @Test
    public void agentsLoggedInBeforeTheLicenceRanHoldSeats() {
        seats.set(null);
        for (String a : List.of("a1", "a2", "a3")) {
            login(a);
        }
        SeatLicence late = new SeatLicence(now::get, (tenant, agent) -> proxy.agentLogout(tenant, agent));
        late.configure(limits("seats", 2));
        seats.set(late);
        for (String n : NODES) {
            late.nodeUp(n, up.get(n)::loggedInAgents);
        }
        assertEquals("over the limit as found: one of them leaves", 2, loggedInEverywhere().size());
        late.licenses().nodes().forEach(n -> assertEquals(n.node(), 2, n.used()));
        refused("a4");
    }

    @Test
    public void aPairsPartnerThatTakesOverKeepsTheNodesSeats() throws Exception {
        licence.configure(limits("seats", 2));
        login("ann");
        login("bob");
        // n1's backup, in another process with its own licence, takes over once the primary died
        NodeEngine primary = (NodeEngine) up.remove("n1");
        NodeEngine backup = engine("n1", "n1-backup", databases.get(0));
        primary.stop(false);
        // its lease timer watches the dead primary's lease stand still for the whole lease
        assertFalse(backup.tryLease());
        SeatLicence other = new SeatLicence(now::get, (tenant, agent) -> proxy.agentLogout(tenant, agent));
        other.configure(limits("seats", 2));
        now.addAndGet(5000);
        assertTrue(backup.tryLease());
        for (String n : List.of("n2", "n3", "n4")) {
            // their instances renew as the lease timer would have over those 5 s
            assertTrue(((NodeEngine) up.get(n)).tryLease());
        }
        up.put("n1", backup);
        other.nodeUp("n1", backup::loggedInAgents);
        assertEquals(2, other.licenses().nodes().get(0).used());
        assertTrue(other.seats().stream().allMatch(s -> s.since() == 0));
        assertFalse("n1's seats are all taken there too", other.acquire("n1", "acme", "cy", Set.of("chat")));
        // logouts on the partner give the seat back
        seats.set(other);
        proxy.agentLogout("acme", "bob");
        assertEquals(1, other.licenses().nodes().get(0).used());
        assertTrue(other.acquire("n1", "acme", "cy", Set.of("chat")));
    }

    @Test
    public void limitsAreParsedWholeOrNotAtAll() {
        SeatLimits l = limits("seats", "30", "seats.n4", 10L, "other", "x");
        assertEquals(Integer.valueOf(30), l.of("n1"));
        assertEquals(Integer.valueOf(10), l.of("n4"));
        assertNull(limits().of("n1"));
        assertNull(limits("seats", -1).of("n1"));
        for (Object[] bad : List.of(new Object[] {"seats", "thirty"}, new Object[] {"seats.n2", "-2"},
                new Object[] {"seats.", "3"}, new Object[] {"seats", "99999999999"}, new Object[] {"seats.n1", ""})) {
            try {
                limits(bad);
                fail("accepted " + List.of(bad));
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("'" + bad[0] + "'"));
            }
        }
    }
}
