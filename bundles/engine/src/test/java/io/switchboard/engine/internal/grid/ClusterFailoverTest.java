package io.switchboard.engine.internal.grid;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import io.switchboard.simulator.internal.Simulation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/**
 * Three members in one JVM against one: the same events give the same values, and a member shut
 * down hard in the middle of the stream loses nothing and counts nothing twice (batches that
 * failed with it are resent, as a source resends from its last ack).
 */
public class ClusterFailoverTest {

    private static final long START = 1_772_442_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final Map<String, Object> ALWAYS = Map.of("type", "growing", "reset", List.of());
    private static final List<String> QUEUES = List.of("sales", "support", "billing");

    private final List<HazelcastInstance> members = new ArrayList<>();

    @After
    public void shutdown() {
        for (HazelcastInstance hz : members) {
            hz.getLifecycleService().terminate();
        }
    }

    private HazelcastInstance member(String cluster, int port, List<String> all) {
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        GridSettings s = new GridSettings(cluster, null, "127.0.0.1", port, 1, all, 1, 71);
        HazelcastInstance hz = GridConfigFactory.start(GridConfigFactory.config(s, getClass().getClassLoader(), codecs));
        members.add(hz);
        return hz;
    }

    private static List<CanonicalEvent> traffic() {
        Simulation sim = new Simulation(new Simulation.Settings("acme", "pbx", 12, QUEUES, 20, 90, 15, 60, 0.1, 11),
                START, 1);
        return sim.advanceTo(START + 2 * HOUR);
    }

    private static StatType stat(String category, String... mask) {
        return new StatType("s", List.of(), category, StatType.Subject.Action, List.of(mask),
                List.of("CallAnswered", "CallAbandoned"), new double[] {0, 20}, null);
    }

    /** A wide set of values over every object the traffic touched. */
    private static Map<String, Object> values(GridEngine engine) {
        Map<String, Object> v = new LinkedHashMap<>();
        long t = START + 2 * HOUR;
        List<ObjectRef> objects = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            objects.add(new ObjectRef("acme", ObjectType.Agent, String.format("agent-%03d", i)));
            objects.add(new ObjectRef("acme", ObjectType.Place, String.format("place-%03d", i)));
        }
        for (String q : QUEUES) {
            objects.add(new ObjectRef("acme", ObjectType.Queue, q));
        }
        objects.add(new ObjectRef("acme", ObjectType.Tenant, "acme"));
        List<StatType> stats = List.of(stat("TotalNumber", "CallAnswered"), stat("TotalNumber", "CallEntered"),
                stat("TotalTime", "CallInbound", "CallOnHold"), stat("AverageTime", "CallAnswered"),
                stat("MaxTime", "CallWait"), stat("ServiceFactor", "CallAnswered"), stat("TotalNumber", "*"),
                stat("CurrentNumber", "CallWait", "WaitForNextCall"));
        for (ObjectRef o : objects) {
            if (o.type() != ObjectType.Queue && o.type() != ObjectType.Tenant) {
                v.put(o + " state", engine.state(o));
            }
            for (StatType s : stats) {
                v.put(o + " " + s.category() + s.mask(), engine.evaluate(o, s, ALWAYS, null, t, n -> null).value());
            }
        }
        return v;
    }

    /** Applies in batches; a batch that failed because a member died is resent. */
    private static void feed(GridEngine engine, List<CanonicalEvent> events, int batch, Runnable midway) {
        for (int i = 0; i < events.size(); i += batch) {
            if (i >= events.size() / 2 && midway != null) {
                midway.run();
                midway = null;
            }
            List<CanonicalEvent> part = events.subList(i, Math.min(events.size(), i + batch));
            for (int attempt = 1;; attempt++) {
                try {
                    engine.apply(part);
                    break;
                } catch (RuntimeException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
        }
    }

    @Test
    public void threeMembersEqualOneAndAHardKilledMemberLosesAndDoublesNothing() throws Exception {
        List<CanonicalEvent> events = traffic();
        assertTrue(events.size() > 2000);

        HazelcastInstance single = member("single-16801", 16801, List.of("127.0.0.1:16801"));
        GridEngine reference = new GridEngine(single, new ConfigStore(single), 86_400_000L);
        feed(reference, events, 200, null);
        Map<String, Object> expected = values(reference);

        List<String> all = List.of("127.0.0.1:16811", "127.0.0.1:16812", "127.0.0.1:16813");
        HazelcastInstance m1 = member("trio-16811", 16811, all);
        member("trio-16811", 16812, all);
        HazelcastInstance m3 = member("trio-16811", 16813, all);
        assertEquals(3, m1.getCluster().getMembers().size());
        GridEngine engine = new GridEngine(m1, new ConfigStore(m1), 86_400_000L);
        // the member that dies holds primaries and backups of a third of the objects
        feed(engine, events, 200, () -> m3.getLifecycleService().terminate());
        members.remove(m3);

        Map<String, Object> actual = values(engine);
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertEquals(e.getKey(), e.getValue(), actual.get(e.getKey()));
        }
    }
}
