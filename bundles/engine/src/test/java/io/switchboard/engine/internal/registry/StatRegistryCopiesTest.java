package io.switchboard.engine.internal.registry;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/** The node's copies of the definitions, on two real members (TCP/IP join on loopback). */
public class StatRegistryCopiesTest {

    private final List<HazelcastInstance> members = new ArrayList<>();

    private HazelcastInstance member(String cluster, int port, int other) {
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        GridSettings s = new GridSettings(cluster, null, "127.0.0.1", port, 1,
                List.of("127.0.0.1:" + port, "127.0.0.1:" + other), 1, 31);
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

    private static TimeProfileDefinition sliding(int window) {
        return new TimeProfileDefinition("Recent", Map.of("type", "sliding", "window", window, "step", 60));
    }

    @Test
    public void aCopyIsTheSameInstanceUntilTheDefinitionChangesOnAnyNode() throws InterruptedException {
        HazelcastInstance a = member("copies", 16791, 16792);
        HazelcastInstance b = member("copies", 16792, 16791);
        StatRegistry onA = new StatRegistry(a, StatRegistry::checkProfile);
        onA.putTimeProfile(sliding(3600));
        // B starts following the map after that put: the put's entry event, which may reach a
        // listener after B's first read and rightly drop the copy, then never comes (seen in CI)
        StatRegistry onB = new StatRegistry(b, StatRegistry::checkProfile);
        try {
            TimeProfileDefinition first = onB.timeProfileCopy("Recent");
            assertEquals(3600L, first.definition().get("window"));
            assertSame(first, onB.timeProfileCopy("Recent"));

            // changed here: seen by the next read here at once
            onB.putTimeProfile(sliding(7200));
            assertEquals(7200L, onB.timeProfileCopy("Recent").definition().get("window"));

            // changed on the other node: seen once its entry event has arrived
            onA.putTimeProfile(sliding(10800));
            long deadline = System.currentTimeMillis() + 10_000;
            while (!Long.valueOf(10800).equals(onB.timeProfileCopy("Recent").definition().get("window"))
                    && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(10800L, onB.timeProfileCopy("Recent").definition().get("window"));
        } finally {
            onA.close();
            onB.close();
        }
    }
}
