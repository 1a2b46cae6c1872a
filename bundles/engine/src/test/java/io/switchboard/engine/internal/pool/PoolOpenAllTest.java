package io.switchboard.engine.internal.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/** Opening many statistics at once leaves the pool as opening them one by one would. */
public class PoolOpenAllTest {

    private static final long NOW = 1_772_442_000_000L;

    private HazelcastInstance hz;

    @After
    public void shutdown() {
        if (hz != null) {
            hz.getLifecycleService().terminate();
        }
    }

    private static StatRequest request(String queue) {
        StatType t = new StatType("answered", List.of(), "TotalNumber", StatType.Subject.Action,
                List.of("CallAnswered"), List.of(), null, null);
        return new StatRequest(t, new ObjectRef("acme", ObjectType.Queue, queue), "Default", null,
                StatRequest.Filter.NONE);
    }

    private HazelcastInstance member(int port) {
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        return GridConfigFactory.start(GridConfigFactory.config(
                new GridSettings("openall-" + port, null, "127.0.0.1", port, 1, List.of("127.0.0.1:" + port), 1, 71),
                getClass().getClassLoader(), codecs));
    }

    @Test
    public void aBatchGivesEachDefinitionTheRefAndEntryThatSingleOpensGive() {
        hz = member(16851);
        StatPool pool = new StatPool(hz);
        String before = pool.open(request("sales"), Notification.CHANGES, NOW).ref();
        long v0 = pool.version();

        Notification periodic = new Notification(Notification.Mode.periodic, 0, 10);
        List<StatRequest> requests = new ArrayList<>(List.of(request("sales"), request("support"), request("support"),
                request("billing")));
        List<Notification> notifications = List.of(Notification.CHANGES, Notification.CHANGES, periodic,
                Notification.CHANGES);
        List<PooledStat> opened = pool.openAll(requests, notifications, NOW + 1_000);

        assertEquals(4, opened.size());
        assertEquals("an open statistic is found again", before, opened.get(0).ref());
        assertEquals("its first open stands: same notification, stamp fresh", NOW, opened.get(0).lastRequest());
        assertEquals(StatPool.refOf(request("support")), opened.get(1).ref());
        assertEquals("the same definition twice in a batch is one statistic", opened.get(1).ref(), opened.get(2).ref());
        assertEquals("the later notification stands, as for two opens in a row", periodic, opened.get(2).notification());
        assertEquals(periodic, pool.get(opened.get(1).ref()).notification());
        assertEquals(StatPool.refOf(request("billing")), opened.get(3).ref());
        assertNotEquals(opened.get(1).ref(), opened.get(3).ref());
        assertEquals(3, pool.size());
        assertNotEquals("new entries move the pool's version", v0, pool.version());

        long v1 = pool.version();
        List<PooledStat> again = pool.openAll(List.of(request("billing")), List.of(Notification.CHANGES), NOW + 2_000);
        assertEquals("nothing new, nothing stale: nothing written", v1, pool.version());
        assertEquals(opened.get(3).ref(), again.get(0).ref());

        List<PooledStat> late = pool.openAll(List.of(request("billing")), List.of(Notification.CHANGES),
                NOW + 1_000 + StatPool.USAGE_STAMP_MILLIS);
        assertEquals("a stale usage stamp is written again", NOW + 1_000 + StatPool.USAGE_STAMP_MILLIS,
                pool.get(late.get(0).ref()).lastRequest());
        assertEquals(3, pool.size());
    }
}
