package io.switchboard.engine.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.engine.internal.config.ConfigStore;
import io.switchboard.engine.internal.core.EngineClock;
import io.switchboard.engine.internal.grid.Detached;
import io.switchboard.engine.internal.grid.GridEngine;
import io.switchboard.engine.internal.pool.BackupWriter;
import io.switchboard.engine.internal.pool.Obsolescence;
import io.switchboard.engine.internal.pool.PoolBackup;
import io.switchboard.engine.internal.pool.StatPool;
import io.switchboard.engine.internal.registry.StatRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's backup file: the pool and the grid state its values come from, with the source
 * positions that state is at. Written every {@code autoBackupInterval}, soon after a definition
 * changes, and when the engine stops; read back into a fresh grid at start. The journal replay
 * starts from the positions of the file on disk ({@link #snapshotPositions}).
 */
final class EngineBackups {

    private static final Logger LOG = LoggerFactory.getLogger(EngineBackups.class);

    /** The grid maps a backup holds besides the pool: the objects' state, calls, and the definitions. */
    private static final List<String> STATE_MAPS = List.of(GridEngine.OBJECTS, GridEngine.CALLS, GridEngine.DN_INDEX,
            ConfigStore.MAP, StatRegistry.STAT_TYPES, StatRegistry.TIME_PROFILES);

    private final HazelcastInstance hazelcast;
    private final ReadWriteLock applyLock;
    /** Per source, the last seq applied by this node's engine (restored ones included). */
    private final Map<String, Long> appliedPositions;
    private final EngineClock clock;
    private final StatPool pool;
    private final GridEngine engine;
    private final Obsolescence obsolescence;
    private final Path file;
    private final BackupWriter writer;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile ScheduledExecutorService ticker;
    private volatile long lastBackupAt;
    /** The positions of the backup file on disk: what a restart finds in it. */
    private volatile Map<String, Long> snapshotPositions = Map.of();

    /**
     * @param applyLock applies hold its read side; a backup takes the write side while it takes
     *        the state, a restore while it loads it
     */
    EngineBackups(HazelcastInstance hazelcast, ReadWriteLock applyLock, Map<String, Long> appliedPositions,
            EngineClock clock, StatPool pool, GridEngine engine, Obsolescence obsolescence, Path file) {
        this.hazelcast = hazelcast;
        this.applyLock = applyLock;
        this.appliedPositions = appliedPositions;
        this.clock = clock;
        this.pool = pool;
        this.engine = engine;
        this.obsolescence = obsolescence;
        this.file = file;
        this.writer = new BackupWriter(applyLock, this::state, pool::all, pool::version, Detached::encode);
    }

    /** Backs up every {@code everyMillis} on a thread of its own from now on. */
    void start(long everyMillis) {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "switchboard-backup");
            thread.setDaemon(true);
            return thread;
        });
        ticker = t;
        t.scheduleWithFixedDelay(this::auto, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule (a backup under way ends first, up to 5 s). */
    void stop() throws InterruptedException {
        ScheduledExecutorService t = ticker;
        ticker = null;
        if (t != null) {
            t.shutdownNow();
            t.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    Path file() {
        return file;
    }

    long lastBackupAt() {
        return lastBackupAt;
    }

    Map<String, Long> snapshotPositions() {
        return snapshotPositions;
    }

    /**
     * Definitions (configuration objects, stat types, time profiles) live only in the grid and the
     * backup: a change is saved within seconds instead of at the next interval, so a crash soon
     * after an answered PUT does not take it back. One backup covers a burst of changes.
     */
    void soon() {
        ScheduledExecutorService t = ticker;
        if (t != null && pending.compareAndSet(false, true)) {
            try {
                t.schedule(() -> {
                    pending.set(false);
                    auto();
                }, 2, TimeUnit.SECONDS);
            } catch (RejectedExecutionException stopping) {
                pending.set(false);
            }
        }
    }

    /** Drops obsolete statistics and writes the backup file; never throws. */
    void auto() {
        try {
            int dropped = obsolescence.dropObsoleteIfDue();
            if (dropped > 0) {
                LOG.info("Dropped {} statistics unused for {}", dropped,
                        java.time.Duration.ofMillis(obsolescence.obsoleteAfterMillis()));
            }
            write(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Statistic pool backup to {} failed: {}", file, e.getMessage());
        }
    }

    /**
     * Writes the pool and the state its values come from to {@code target}; returns the number of
     * statistics written. Applying waits only while the state is taken ({@link BackupWriter}).
     */
    int write(Path target) throws IOException {
        BackupWriter.Written w = writer.write(target);
        if (target.toAbsolutePath().equals(file.toAbsolutePath())) {
            snapshotPositions = w.positions();
        }
        lastBackupAt = System.currentTimeMillis();
        return w.stats();
    }

    private BackupWriter.State state() {
        Map<String, Collection<Map.Entry<String, Object>>> maps = new LinkedHashMap<>();
        for (String name : STATE_MAPS) {
            // a copy (the grid's query result), so the lock can go before the file is written
            maps.put(name, hazelcast.<String, Object>getMap(name).entrySet());
        }
        return new BackupWriter.State(Map.copyOf(appliedPositions), clock.latestEvent(), maps);
    }

    /**
     * Loads a backup file: its statistics into the pool, and — into a grid without objects only,
     * never over live state — the objects, calls and definitions their values are computed from.
     * Returns what was restored, in words.
     */
    String restore(Path source) throws IOException {
        PoolBackup.Contents c = PoolBackup.read(source, Detached::attach);
        pool.restore(c.stats());
        if (c.maps().isEmpty()) {
            return c.stats().size() + " statistics (a pool-only backup)";
        }
        if (engine.objectCount() > 0) {
            return c.stats().size() + " statistics (the grid has objects: their state was kept, not the file's)";
        }
        applyLock.writeLock().lock();
        try {
            long objects = 0;
            for (Map.Entry<String, Collection<Map.Entry<String, Object>>> m : c.maps().entrySet()) {
                Map<String, Object> entries = new HashMap<>();
                for (Map.Entry<String, Object> e : m.getValue()) {
                    entries.put(e.getKey(), e.getValue());
                }
                // The file is the truth, not a union with it: the seed files may have filled the
                // definitions before this restore, and an object deleted since must stay deleted.
                IMap<String, Object> map = hazelcast.getMap(m.getKey());
                map.clear();
                map.putAll(entries);
                if (GridEngine.OBJECTS.equals(m.getKey())) {
                    objects = entries.size();
                }
            }
            appliedPositions.putAll(c.positions());
            snapshotPositions = Map.copyOf(c.positions());
            if (c.latestEvent() != Long.MIN_VALUE) {
                // under the event clock, time is where the events had brought it
                clock.observe(c.latestEvent());
            }
            return c.stats().size() + " statistics and " + objects + " objects as of "
                    + java.time.Instant.ofEpochMilli(c.createdAt());
        } finally {
            applyLock.writeLock().unlock();
        }
    }
}
