package io.switchboard.engine.internal.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BackupWriterTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ReentrantReadWriteLock applyLock = new ReentrantReadWriteLock();

    private static PooledStat stat(String queue) {
        StatType t = new StatType("n", List.of(), "TotalNumber", StatType.Subject.Action, List.of("CallAnswered"),
                List.of(), null, null);
        StatRequest r = new StatRequest(t, new ObjectRef("acme", ObjectType.Queue, queue), "Default", null,
                StatRequest.Filter.NONE);
        return new PooledStat(StatPool.refOf(r), r, Notification.CHANGES, 1000, 2000);
    }

    @Test
    public void eventsAreAppliedWhileThePoolIsReadAndTheFileWrittenButNotWhileTheStateIsTaken() throws Exception {
        CountDownLatch readingPool = new CountDownLatch(1);
        CountDownLatch letPoolGo = new CountDownLatch(1);
        boolean[] lockedWhileTakingState = new boolean[1];
        BackupWriter w = new BackupWriter(applyLock, () -> {
            lockedWhileTakingState[0] = applyLock.isWriteLockedByCurrentThread();
            return new BackupWriter.State(Map.of("src", 42L), 7L,
                    Map.of("objects", List.of(Map.entry("Queue|acme|sales", (Object) "state"))));
        }, () -> {
            readingPool.countDown();
            try {
                letPoolGo.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return (Collection<PooledStat>) List.of(stat("sales"), stat("support"));
        }, () -> 0L, v -> ((String) v).getBytes(StandardCharsets.UTF_8));
        Path file = tmp.getRoot().toPath().resolve("stat-pool.bin");
        CompletableFuture<BackupWriter.Written> backup = CompletableFuture.supplyAsync(() -> {
            try {
                return w.write(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(readingPool.await(10, TimeUnit.SECONDS));
        assertTrue("the state was taken under the write lock", lockedWhileTakingState[0]);
        // an apply, meanwhile: it must not wait for the pool or the file
        boolean applied = applyLock.readLock().tryLock(5, TimeUnit.SECONDS);
        assertTrue("applying goes on while the pool is read", applied);
        applyLock.readLock().unlock();
        assertFalse(backup.isDone());
        letPoolGo.countDown();
        BackupWriter.Written written = backup.get(10, TimeUnit.SECONDS);
        assertEquals(Map.of("src", 42L), written.positions());
        assertEquals(2, written.stats());

        PoolBackup.Contents back = PoolBackup.read(file, bytes -> new String(bytes, StandardCharsets.UTF_8));
        assertEquals(Map.of("src", 42L), back.positions());
        assertEquals(7L, back.latestEvent());
        assertEquals(2, back.stats().size());
        assertEquals("state", back.maps().get("objects").iterator().next().getValue());
    }

    @Test
    public void thePoolIsReadAgainOnlyWhenItsVersionMoved() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
        List<PooledStat> pool = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(stat("sales")));
        BackupWriter w = new BackupWriter(applyLock, () -> new BackupWriter.State(Map.of("src", 1L), 7L, Map.of()),
                () -> {
                    reads.incrementAndGet();
                    return pool;
                }, version::get, v -> new byte[0]);
        Path file = tmp.getRoot().toPath().resolve("versioned.bin");
        assertEquals(1, w.write(file).stats());
        assertEquals(1, w.write(file).stats());
        assertEquals("unchanged: the pool written before is written again", 1, reads.get());
        assertEquals(List.of(stat("sales")), PoolBackup.read(file));

        pool.add(stat("support"));
        version.incrementAndGet();
        assertEquals(2, w.write(file).stats());
        assertEquals(2, reads.get());
        assertEquals(List.of(stat("sales"), stat("support")), PoolBackup.read(file));
        assertEquals(2, w.write(file).stats());
        assertEquals("copied from the file before", 2, reads.get());
        assertEquals(List.of(stat("sales"), stat("support")), PoolBackup.read(file));

        // someone else wrote the file meanwhile (a restore, an operator): not copied from it
        PoolBackup.write(file, List.of(stat("billing")));
        assertEquals(2, w.write(file).stats());
        assertEquals(3, reads.get());
        assertEquals(List.of(stat("sales"), stat("support")), PoolBackup.read(file));
    }
}
