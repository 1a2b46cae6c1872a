package io.switchboard.engine.internal.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.engine.internal.core.EngineClock;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.grid.internal.CodecRegistry;
import io.switchboard.grid.internal.GridConfigFactory;
import io.switchboard.grid.internal.GridSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Test;

/** Pooled statistics become obsolete by their clients' use in wall time, whatever the event clock does. */
public class ObsolescenceTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WALL = 1_772_442_000_000L;

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

    /** A one-member grid with the engine's codecs on {@code port} (loopback). */
    private HazelcastInstance member(int port) {
        CodecRegistry codecs = new CodecRegistry();
        for (GridCodec<?> c : GridEngine.codecs()) {
            codecs.add(c);
        }
        return GridConfigFactory.start(GridConfigFactory.config(
                new GridSettings("obsolete-" + port, null, "127.0.0.1", port, 1, List.of("127.0.0.1:" + port), 1, 71),
                getClass().getClassLoader(), codecs));
    }

    @Test
    public void underTheEventClockAStatisticIsObsoleteAfterItsLastUseInWallTimeNotInEventTime() {
        hz = member(16834);
        AtomicLong wall = new AtomicLong(WALL);
        EngineClock clock = new EngineClock(EngineClock.Mode.event, wall::get);
        StatPool pool = new StatPool(hz);
        Obsolescence obsolescence = new Obsolescence(pool, wall::get, 3 * DAY);

        // a replay of last week into the server
        clock.observe(WALL - 7 * DAY);
        String used = pool.open(request("sales"), Notification.CHANGES, wall.get()).ref();
        String forgotten = pool.open(request("support"), Notification.CHANGES, wall.get()).ref();
        assertEquals(0, obsolescence.dropObsolete());

        // the replay runs five days of events in an hour: nobody's use is older for it
        clock.observe(WALL - 2 * DAY);
        wall.addAndGet(Duration.ofHours(1).toMillis());
        assertEquals("event time moved five days, wall time an hour", 0, obsolescence.dropObsolete());
        assertEquals(WALL - 2 * DAY, clock.now());

        // two days on, a client peeks one of them; the events stopped long ago
        wall.addAndGet(2 * DAY);
        pool.touch(used, wall.get());
        assertEquals("three days are not over for either", 0, obsolescence.dropObsolete());

        wall.addAndGet(DAY + Duration.ofHours(1).toMillis());
        assertEquals("unused for more than three days of wall time: dropped", 1, obsolescence.dropObsolete());
        assertNull(pool.get(forgotten));
        assertNotNull("used two days ago: kept", pool.get(used));
        assertEquals("the event clock did not move meanwhile", WALL - 2 * DAY, clock.now());
    }

    @Test
    public void theBackupsLookForObsoleteStatisticsOnceAnHourForThreeDaysNotEveryMinute() {
        hz = member(16835);
        AtomicLong wall = new AtomicLong(WALL);
        StatPool pool = new StatPool(hz);
        Obsolescence obsolescence = new Obsolescence(pool, wall::get, 3 * DAY);
        assertEquals(Duration.ofHours(1).toMillis(), obsolescence.checkEveryMillis());
        String old = pool.open(request("sales"), Notification.CHANGES, wall.get()).ref();
        assertEquals("the first look", 0, obsolescence.dropObsoleteIfDue());

        wall.addAndGet(3 * DAY + 1);
        assertEquals("obsolete now, and an hour since the last look", 1, obsolescence.dropObsoleteIfDue());
        assertNull(pool.get(old));

        String next = pool.open(request("support"), Notification.CHANGES, wall.get()).ref();
        wall.addAndGet(3 * DAY + 1);
        assertEquals("three days on: a look is due, and it drops it", 1, obsolescence.dropObsoleteIfDue());
        pool.open(request("billing"), Notification.CHANGES, wall.get() - 3 * DAY - 1);
        wall.addAndGet(Duration.ofMinutes(59).toMillis());
        assertEquals("59 minutes after the last look: not yet", 0, obsolescence.dropObsoleteIfDue());
        assertNull(pool.get(next));
        wall.addAndGet(Duration.ofMinutes(1).toMillis());
        assertEquals("an hour after it", 1, obsolescence.dropObsoleteIfDue());
    }

    @Test
    public void requestsWriteTheUsageStampAtMostOnceAMinuteAndEveryWriteMovesThePoolsVersion() {
        hz = member(16836);
        StatPool pool = new StatPool(hz);
        long v0 = pool.version();
        String ref = pool.open(request("sales"), Notification.CHANGES, WALL).ref();
        // moved at once by the write, and once more when the map's event comes
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.version() == v0 + 2);
        long v1 = pool.version();

        // a router peeking every few hundred milliseconds
        for (long t = WALL; t < WALL + StatPool.USAGE_STAMP_MILLIS; t += 300) {
            pool.touch(ref, t);
        }
        pool.open(request("sales"), Notification.CHANGES, WALL + 1_000);
        assertEquals("within a minute the stamp is not written again", WALL, pool.get(ref).lastRequest());
        org.awaitility.Awaitility.await("nothing written: the version stays").during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5)).until(() -> pool.version() == v1);

        pool.touch(ref, WALL + StatPool.USAGE_STAMP_MILLIS);
        assertEquals(WALL + StatPool.USAGE_STAMP_MILLIS, pool.get(ref).lastRequest());
        long v2 = pool.version();
        assertTrue(v2 > v1);
        pool.open(request("sales"), new Notification(Notification.Mode.periodic, 0, 10),
                WALL + StatPool.USAGE_STAMP_MILLIS + 1);
        assertEquals("another notification is written at once", Notification.Mode.periodic,
                pool.get(ref).notification().mode());
        assertTrue(pool.version() > v2);
        pool.close();
    }
}
