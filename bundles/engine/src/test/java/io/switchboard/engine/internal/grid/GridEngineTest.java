package io.switchboard.engine.internal.grid;

import static org.junit.Assert.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.CategoryPlugin;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.stats.PluginCategories;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/** The engine on real Hazelcast members in this JVM (TCP/IP join on loopback). */
public class GridEngineTest {

    private static final long HISTORY = 86_400_000L;
    private static int nextPort = 16701;
    private final List<HazelcastInstance> members = new ArrayList<>();
    private long seq;

    private HazelcastInstance member(String cluster, int port, String... others) {
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        List<String> all = new ArrayList<>(List.of("127.0.0.1:" + port));
        all.addAll(List.of(others));
        GridSettings s = new GridSettings(cluster, null, "127.0.0.1", port, 1, all, 1, 31);
        HazelcastInstance hz = GridConfigFactory.start(GridConfigFactory.config(s, getClass().getClassLoader(), codecs));
        members.add(hz);
        return hz;
    }

    @After
    public void shutdown() {
        for (HazelcastInstance hz : members) {
            hz.getLifecycleService().terminate();
        }
    }

    private CanonicalEvent.Builder at(EventType type, String hms) {
        return CanonicalEvent.builder(type).ts(Instant.parse("2026-03-02T" + hms + "Z").toEpochMilli()).source("s")
                .seq(++seq).tenant("acme");
    }

    private List<CanonicalEvent> morning() {
        return List.of(
                at(EventType.AgentLogin, "09:00:00").agent("a1").dn("5001").place("p1").build(),
                at(EventType.AgentReady, "09:00:01").agent("a1").dn("5001").build(),
                at(EventType.AgentLogin, "09:00:02").agent("a2").dn("5002").place("p2").build(),
                at(EventType.AgentNotReady, "09:00:03").agent("a2").dn("5002").build(),
                at(EventType.CallQueued, "09:01:00").queue("sales").call("c1").build(),
                at(EventType.CallQueued, "09:01:01").queue("sales").call("c2").build(),
                at(EventType.CallQueued, "09:01:02").queue("support").call("c3").build(),
                at(EventType.CallDiverted, "09:01:05").queue("sales").call("c1").dn("5001").build(),
                at(EventType.CallRinging, "09:01:05").agent("a1").dn("5001").call("c1").build(),
                at(EventType.CallEstablished, "09:01:08").agent("a1").dn("5001").call("c1").build(),
                at(EventType.CallRinging, "09:01:09").dn("7777").call("c9").build());
    }

    private static final Map<String, Object> DAY = Map.of("type", "growing", "reset", List.of("00:00"));
    private static final long NOON = Instant.parse("2026-03-02T12:00:00Z").toEpochMilli();

    private static StatType type(String category, StatType.Subject subject, String... mask) {
        return new StatType("t", List.of(), category, subject, List.of(mask), List.of(), null, null);
    }

    private static StatType waiting() {
        return type("CurrentNumber", StatType.Subject.Action, "CallWait");
    }

    private static Number value(GridEngine engine, ObjectRef ref, StatType type) {
        return engine.evaluate(ref, type, DAY, null, NOON, n -> null).value();
    }

    private static ObjectRef ref(ObjectType type, String id) {
        return new ObjectRef("acme", type, id);
    }

    private static void assertMorning(GridEngine engine) {
        assertEquals("CallInbound", engine.state(ref(ObjectType.Agent, "a1")).status());
        assertEquals("CallInbound", engine.state(ref(ObjectType.Place, "p1")).status());
        assertEquals("CallInbound", engine.state(ref(ObjectType.DN, "5001")).status());
        assertEquals("NotReadyForNextCall", engine.state(ref(ObjectType.Agent, "a2")).status());
        assertEquals("CallRinging", engine.state(ref(ObjectType.DN, "7777")).status());
        assertEquals("LoggedOut", engine.state(ref(ObjectType.Agent, "nobody")).status());
        assertEquals(1L, value(engine, ref(ObjectType.Queue, "sales"), waiting()));
        assertEquals(2L, value(engine, ref(ObjectType.Tenant, "acme"), waiting()));
        assertEquals(1L, value(engine, ref(ObjectType.Tenant, "acme"),
                type("CurrentNumber", StatType.Subject.Status, "NotReadyForNextCall")));
        StatType answered = type("TotalNumber", StatType.Subject.Action, "CallAnswered");
        // c1 was distributed from sales and answered: once on the queue, once on the agent
        assertEquals(1L, value(engine, ref(ObjectType.Queue, "sales"), answered));
        assertEquals(1L, value(engine, ref(ObjectType.Agent, "a1"), answered));
        // the tenant counts it from the queue side only
        assertEquals(1L, value(engine, ref(ObjectType.Tenant, "acme"), answered));
        // queued 09:01:00, established 09:01:08
        assertEquals(8.0, value(engine, ref(ObjectType.Queue, "sales"),
                type("AverageTime", StatType.Subject.Action, "CallAnswered")));
        assertEquals(3L, value(engine, ref(ObjectType.Tenant, "acme"),
                type("TotalNumber", StatType.Subject.Action, "CallEntered")));
        // talking since 09:01:08 at noon
        assertEquals(10_732.0, value(engine, ref(ObjectType.DN, "5001"),
                type("TotalTime", StatType.Subject.Action, "CallInbound")));
        assertEquals(10_732.0, value(engine, ref(ObjectType.Place, "p1"),
                type("TotalTime", StatType.Subject.Action, "CallInbound")));
    }

    @Test
    public void oneMemberAppliesEventsAndAnswersStatesAndNumbers() {
        HazelcastInstance hz = member("one-" + nextPort, nextPort++);
        ConfigStore config = new ConfigStore(hz);
        GridEngine engine = new GridEngine(hz, config, HISTORY);
        engine.apply(morning());
        assertMorning(engine);
        assertEquals(0L, value(engine, ref(ObjectType.QueueGroup, "all"), waiting()));
        config.put("acme", "QueueGroup", "all", Map.of("members", List.of("sales", "support")));
        assertEquals(2L, value(engine, ref(ObjectType.QueueGroup, "all"), waiting()));
        config.put("acme", "QueueGroup", "all", Map.of("members", List.of("support")));
        assertEquals(1L, value(engine, ref(ObjectType.QueueGroup, "all"), waiting()));
        // a member leaving a group: the group's values cover its members now, histories included
        StatType entered = type("TotalNumber", StatType.Subject.Action, "CallEntered");
        config.put("acme", "QueueGroup", "all", Map.of("members", List.of("sales", "support")));
        assertEquals(3L, value(engine, ref(ObjectType.QueueGroup, "all"), entered));
        config.put("acme", "QueueGroup", "all", Map.of("members", List.of("support")));
        assertEquals(1L, value(engine, ref(ObjectType.QueueGroup, "all"), entered));
        // an agent in two groups counts in both
        config.put("acme", "AgentGroup", "g1", Map.of("members", List.of("a1")));
        config.put("acme", "AgentGroup", "g2", Map.of("members", List.of("a1", "a2")));
        StatType answeredByAgents = type("TotalNumber", StatType.Subject.Action, "CallAnswered");
        assertEquals(1L, value(engine, ref(ObjectType.AgentGroup, "g1"), answeredByAgents));
        assertEquals(1L, value(engine, ref(ObjectType.AgentGroup, "g2"), answeredByAgents));
        assertEquals(2L, value(engine, ref(ObjectType.AgentGroup, "g2"),
                type("CurrentNumber", StatType.Subject.Status, "~LoggedOut")));
        // a plug-in category: null while absent, computed while installed (the percentile of waits)
        StatType p50 = new StatType("p", List.of(), "Java:Median", StatType.Subject.Action, List.of("CallWait"),
                List.of(), null, null);
        assertEquals(null, value(engine, ref(ObjectType.Queue, "sales"), p50));
        CategoryPlugin median = new CategoryPlugin() {
            @Override
            public String name() {
                return "Median";
            }

            @Override
            public Number compute(Input in) {
                return (double) in.finished().stream().filter(a -> in.inMask(a.name())).count();
            }
        };
        PluginCategories.add(median);
        try {
            // c1 waited and was distributed: one finished CallWait on sales
            assertEquals(1.0, value(engine, ref(ObjectType.Queue, "sales"), p50));
            config.put("acme", "QueueGroup", "both", Map.of("members", List.of("sales", "support")));
            assertEquals(1.0, value(engine, ref(ObjectType.QueueGroup, "both"), p50));
        } finally {
            PluginCategories.remove(median);
        }
        assertEquals(null, value(engine, ref(ObjectType.Queue, "sales"), p50));
        // a tenant's own status priority decides its agents' status
        engine.setPriority("acme", List.of("NotReadyForNextCall", "CallRinging"));
        engine.apply(List.of(at(EventType.CallRinging, "09:02:00").media("chat").agent("a2").call("c7").build()));
        assertEquals("NotReadyForNextCall", engine.state(ref(ObjectType.Agent, "a2")).status());
        engine.setPriority("acme", null);
        // state detached to bytes (as when the engine bundle is updated) reads and moves on alike
        engine.detach();
        assertMorning(engine);
        engine.apply(List.of(at(EventType.CallReleased, "09:05:00").agent("a1").dn("5001").call("c1").build()));
        assertEquals("WaitForNextCall", engine.state(ref(ObjectType.Agent, "a1")).status());
    }

    /**
     * Through the grid (agent, place and their place-update channel): a3 at p3 on chat through
     * source "chat" (09:00:00 login, 09:00:10 ready, 09:01:00 logout) and on voice through
     * "voice" (08:59:00 login, 08:59:05 ready, 09:00:05 ringing, 09:00:07 answered), the chat
     * source's batch arriving first. Composed: WaitForNextCall 08:59:05, CallRinging 09:00:05,
     * CallInbound 09:00:07 on, whatever chat did.
     */
    @Test
    public void anAgentOnTwoSourcesHasOneComposedTimelineOnAgentAndPlace() {
        HazelcastInstance hz = member("composed-" + nextPort, nextPort++);
        GridEngine engine = new GridEngine(hz, new ConfigStore(hz), HISTORY);
        engine.apply(List.of(
                at(EventType.AgentLogin, "09:00:00").source("chat").agent("a3").media("chat").place("p3").build(),
                at(EventType.AgentReady, "09:00:10").source("chat").agent("a3").media("chat").build(),
                at(EventType.AgentLogout, "09:01:00").source("chat").agent("a3").media("chat").build()));
        engine.apply(List.of(
                at(EventType.AgentLogin, "08:59:00").source("voice").agent("a3").dn("5003").place("p3").build(),
                at(EventType.AgentReady, "08:59:05").source("voice").agent("a3").dn("5003").build(),
                at(EventType.CallRinging, "09:00:05").source("voice").agent("a3").dn("5003").call("c5").build(),
                at(EventType.CallEstablished, "09:00:07").source("voice").agent("a3").dn("5003").call("c5").build()));
        long since = Instant.parse("2026-03-02T09:00:07Z").toEpochMilli();
        long t = Instant.parse("2026-03-02T09:01:30Z").toEpochMilli();
        for (ObjectRef r : List.of(ref(ObjectType.Agent, "a3"), ref(ObjectType.Place, "p3"))) {
            assertEquals(r + " status", "CallInbound", engine.state(r).status());
            assertEquals(r + " since", Long.valueOf(since), engine.state(r).since());
            // 09:00:07 -> 09:01:30 = 83 s
            assertEquals(r + " CurrentTime", 83.0, engine.evaluate(r,
                    type("CurrentTime", StatType.Subject.Status, "CallInbound"), DAY, null, t, n -> null).value());
            // one stretch of WaitForNextCall, 08:59:05 -> 09:00:05
            assertEquals(r + " TotalTime", 60.0, engine.evaluate(r,
                    type("TotalTime", StatType.Subject.Status, "WaitForNextCall"), DAY, null, t, n -> null).value());
            assertEquals(r + " TotalNumber", 1L, engine.evaluate(r,
                    type("TotalNumber", StatType.Subject.Status, "WaitForNextCall"), DAY, null, t, n -> null).value());
        }
    }

    @Test
    public void twoMembersGiveTheSameValuesAndKeepThemWhenOneDies() {
        int p1 = nextPort++;
        int p2 = nextPort++;
        String cluster = "two-" + p1;
        HazelcastInstance m1 = member(cluster, p1, "127.0.0.1:" + p2);
        HazelcastInstance m2 = member(cluster, p2, "127.0.0.1:" + p1);
        assertEquals(2, m1.getCluster().getMembers().size());
        GridEngine e1 = new GridEngine(m1, new ConfigStore(m1), HISTORY);
        GridEngine e2 = new GridEngine(m2, new ConfigStore(m2), HISTORY);
        e1.apply(morning());
        // read from the other member: processors and results cross the wire
        assertMorning(e2);
        m1.getLifecycleService().terminate();
        members.remove(m1);
        // the backups on the survivor hold every value
        assertMorning(e2);
    }

    @Test
    public void aBatchOfStatisticsGivesWhatEachGivesAloneAndNamesTheBadOne() {
        int p1 = nextPort++;
        int p2 = nextPort++;
        String cluster = "batch-" + p1;
        HazelcastInstance m1 = member(cluster, p1, "127.0.0.1:" + p2);
        HazelcastInstance m2 = member(cluster, p2, "127.0.0.1:" + p1);
        GridEngine e1 = new GridEngine(m1, new ConfigStore(m1), HISTORY);
        ConfigStore config2 = new ConfigStore(m2);
        GridEngine e2 = new GridEngine(m2, config2, HISTORY);
        e1.apply(morning());
        config2.put("acme", "QueueGroup", "all", Map.of("members", List.of("sales", "support")));
        StatType inbound = type("TotalTime", StatType.Subject.Action, "CallInbound");
        StatType answered = type("TotalNumber", StatType.Subject.Action, "CallAnswered");
        StatType entered = type("TotalNumber", StatType.Subject.Action, "CallEntered");
        StatType formula = new StatType("f", List.of(), "Formula", StatType.Subject.Action, List.of(), List.of(),
                null, "Entered * 10 + Answered");
        Map<String, StatType> named = Map.of(
                "Entered", new StatType("Entered", List.of(), "TotalNumber", StatType.Subject.Action,
                        List.of("CallEntered"), List.of(), null, null),
                "Answered", new StatType("Answered", List.of(), "TotalNumber", StatType.Subject.Action,
                        List.of("CallAnswered"), List.of(), null, null));
        Map<String, Object> selection = Map.of("type", "selection", "size", 5);
        List<GridReader.Request> batch = List.of(
                new GridReader.Request(ref(ObjectType.DN, "5001"), inbound, DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.Agent, "a1"), answered, DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.Agent, "a1"), inbound, DAY, null, NOON - 3_600_000),
                new GridReader.Request(ref(ObjectType.Queue, "sales"), waiting(), DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.Queue, "sales"), formula, DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.Queue, "sales"), entered, selection, null, NOON),
                new GridReader.Request(ref(ObjectType.Place, "p1"), inbound, DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.QueueGroup, "all"), entered, DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.Tenant, "acme"), answered, DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.Agent, "nobody"), answered, DAY, null, NOON),
                // a wallboard's tenant values: one scan for all of them, each as it is alone
                new GridReader.Request(ref(ObjectType.Tenant, "acme"), waiting(), DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.Tenant, "acme"),
                        type("CurrentNumber", StatType.Subject.Status, "NotReadyForNextCall"), DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.Tenant, "acme"), entered, DAY, null, NOON - 3_600_000),
                new GridReader.Request(ref(ObjectType.Tenant, "acme"), entered, selection, null, NOON),
                new GridReader.Request(new ObjectRef("other", ObjectType.Tenant, "other"), entered, DAY, null, NOON),
                new GridReader.Request(ref(ObjectType.Tenant, "acme"), formula, DAY, null, NOON));
        Object[] values = e2.evaluateAll(batch, named::get);
        assertEquals(batch.size(), values.length);
        for (int i = 0; i < values.length; i++) {
            GridReader.Request r = batch.get(i);
            Object alone;
            try {
                alone = e2.evaluate(r.ref(), r.type(), r.profile(), r.filter(), r.t(), named::get);
            } catch (RuntimeException e) {
                alone = e;
            }
            if (alone instanceof RuntimeException e) {
                assertEquals("slot " + i, e.getMessage(), ((RuntimeException) values[i]).getMessage());
            } else {
                assertEquals("slot " + i, alone, values[i]);
            }
        }
        assertEquals(10_732.0, ((io.switchboard.engine.internal.stats.Value) values[0]).value());
        assertEquals(21L, ((io.switchboard.engine.internal.stats.Value) values[4]).value());
        assertEquals("TotalNumber with a selection profile is refused by name",
                io.switchboard.api.SwitchboardException.class, values[5].getClass());
        assertEquals(2L, ((io.switchboard.engine.internal.stats.Value) values[10]).value());
        assertEquals(1L, ((io.switchboard.engine.internal.stats.Value) values[11]).value());
        assertEquals(3L, ((io.switchboard.engine.internal.stats.Value) values[12]).value());
        assertEquals(io.switchboard.api.SwitchboardException.class, values[13].getClass());
        assertEquals(0L, ((io.switchboard.engine.internal.stats.Value) values[14]).value());
        assertEquals(31L, ((io.switchboard.engine.internal.stats.Value) values[15]).value());
    }
}
