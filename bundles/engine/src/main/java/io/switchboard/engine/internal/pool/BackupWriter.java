package io.switchboard.engine.internal.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes backup files of the pool and of the grid state its values come from. Applying holds the
 * read side of {@code applyLock}; a backup holds the write side only while it takes the state and
 * the positions that state is at (the grid hands out copies), then reads the pool and writes the
 * file while events go on being applied. With 60,000 open statistics the whole backup took
 * seconds, once a minute and after every burst of opens, and every event used to wait behind it.
 */
public final class BackupWriter {

    /** The grid state and the per-source positions and latest event time it includes. */
    public record State(Map<String, Long> positions, long latestEvent,
            Map<String, Collection<Map.Entry<String, Object>>> maps) {
    }

    private final ReadWriteLock applyLock;
    private final Supplier<State> state;
    private final Supplier<? extends Collection<PooledStat>> pool;
    private final java.util.function.LongSupplier poolVersion;
    private final Function<Object, byte[]> encode;
    /**
     * Where the last backup put the pool, and the pool's version before it was read: reading
     * 60,000 statistics out of the grid and encoding them again, every minute, was most of a
     * backup, and a contact center's pool changes far less often than that. While the version
     * stays, the next backup copies that section of the file (not kept in memory: a million
     * statistics are 200 MB encoded).
     */
    private Last last;

    private record Last(Path file, long version, long size, java.nio.file.attribute.FileTime modified,
            PoolBackup.Written at, int count) {
    }

    /**
     * @param state taken under the write lock; must return copies, not views of live maps
     * @param poolVersion moves whenever the pool changes
     */
    public BackupWriter(ReadWriteLock applyLock, Supplier<State> state, Supplier<? extends Collection<PooledStat>> pool,
            java.util.function.LongSupplier poolVersion, Function<Object, byte[]> encode) {
        this.applyLock = applyLock;
        this.state = state;
        this.pool = pool;
        this.poolVersion = poolVersion;
        this.encode = encode;
    }

    /**
     * Writes one backup; returns the state's positions (what the file holds) and the number of
     * statistics. One at a time, so that a file never gets an older snapshot after a newer one.
     */
    public synchronized Written write(Path file) throws IOException {
        State s;
        applyLock.writeLock().lock();
        try {
            s = state.get();
        } finally {
            applyLock.writeLock().unlock();
        }
        // the version before the read: a change during it makes the next backup read again
        long version = poolVersion.getAsLong();
        PoolBackup.PoolSection section = unchangedSince(file, version);
        if (section == null) {
            section = PoolBackup.encoding(List.copyOf(pool.get()));
        }
        last = null;
        PoolBackup.Written at = PoolBackup.write(file, new PoolBackup.Contents(System.currentTimeMillis(),
                s.latestEvent(), s.positions(), List.of(), s.maps()), section, encode);
        last = new Last(file, version, Files.size(file), Files.getLastModifiedTime(file), at, section.count());
        return new Written(s.positions(), section.count());
    }

    /** The pool's section of the last file, if the pool has not changed since and the file is as written. */
    private PoolBackup.PoolSection unchangedSince(Path file, long version) throws IOException {
        Last l = last;
        if (l == null || l.version() != version || !l.file().equals(file) || !Files.isRegularFile(file)
                || Files.size(file) != l.size() || !Files.getLastModifiedTime(file).equals(l.modified())) {
            return null;
        }
        return PoolBackup.copying(file, l.at().poolOffset(), l.at().poolLength(), l.count());
    }

    /** What a backup wrote. */
    public record Written(Map<String, Long> positions, int stats) {
    }
}
