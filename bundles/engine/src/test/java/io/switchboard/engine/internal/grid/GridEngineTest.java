package io.switchboard.engine.internal.grid;

import static org.junit.Assert.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.core.Query;
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

    private static Query waiting() {
        return new Query(Category.CurrentNumber, StatType.Subject.Action, List.of("CallWait"), null);
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
        assertEquals(1L, engine.evaluate(ref(ObjectType.Queue, "sales"), waiting()));
        assertEquals(2L, engine.evaluate(ref(ObjectType.Tenant, "acme"), waiting()));
        assertEquals(1L, engine.evaluate(ref(ObjectType.Tenant, "acme"), new Query(Category.CurrentNumber,
                StatType.Subject.Status, List.of("NotReadyForNextCall"), null)));
    }

    @Test
    public void oneMemberAppliesEventsAndAnswersStatesAndNumbers() {
        HazelcastInstance hz = member("one-" + nextPort, nextPort++);
        ConfigStore config = new ConfigStore(hz);
        GridEngine engine = new GridEngine(hz, config);
        engine.apply(morning());
        assertMorning(engine);
        assertEquals(0L, engine.evaluate(ref(ObjectType.QueueGroup, "all"), waiting()));
        config.put("acme", "QueueGroup", "all", Map.of("members", List.of("sales", "support")));
        assertEquals(2L, engine.evaluate(ref(ObjectType.QueueGroup, "all"), waiting()));
        config.put("acme", "QueueGroup", "all", Map.of("members", List.of("support")));
        assertEquals(1L, engine.evaluate(ref(ObjectType.QueueGroup, "all"), waiting()));
    }

    @Test
    public void twoMembersGiveTheSameValuesAndKeepThemWhenOneDies() {
        int p1 = nextPort++;
        int p2 = nextPort++;
        String cluster = "two-" + p1;
        HazelcastInstance m1 = member(cluster, p1, "127.0.0.1:" + p2);
        HazelcastInstance m2 = member(cluster, p2, "127.0.0.1:" + p1);
        assertEquals(2, m1.getCluster().getMembers().size());
        GridEngine e1 = new GridEngine(m1, new ConfigStore(m1));
        GridEngine e2 = new GridEngine(m2, new ConfigStore(m2));
        e1.apply(morning());
        // read from the other member: processors, results and aggregators cross the wire
        assertMorning(e2);
        m1.getLifecycleService().terminate();
        members.remove(m1);
        // the backups on the survivor hold every value
        assertMorning(e2);
    }
}
