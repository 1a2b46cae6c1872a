package io.switchboard.engine.internal.pool;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The backup file of the statistic pool and of the state its values are computed from.
 *
 * <p>Format (big-endian, {@link DataOutputStream}): {@code SBPOOL}; an int format version;
 * version 1 then has an int count and the pooled statistics in their codec's form. Version 2
 * adds what the values need, so that a restart (or another instance) has them at once instead
 * of from a replay of every event: a long creation time (epoch ms); the long largest event
 * timestamp applied (epoch ms, Long.MIN_VALUE if none: the event clock's time); an int count of sources, each
 * a UTF name and the long last seq whose effect the file holds; the pool as in version 1; an int
 * count of grid maps, each a UTF name, an int count and its entries: a UTF key, then a byte tag
 * ({@code 0}: an int length and the value in its grid codec's form, type id first; {@code 1}: a
 * UTF string); then a long, the largest event timestamp the engine had seen ({@code
 * Long.MIN_VALUE}: none), so that a restore under the event clock evaluates at the state's time
 * (absent in files written before it: read as none). Written to a temporary file and moved into place, so a crash never leaves half a
 * backup.
 */
public final class PoolBackup {

    private static final byte[] MAGIC = {'S', 'B', 'P', 'O', 'O', 'L'};
    static final int VERSION = 2;

    /** What a backup holds; {@code maps} values are codec objects or strings. */
    public record Contents(long createdAt, long latestEvent, Map<String, Long> positions, List<PooledStat> stats,
            Map<String, Collection<Map.Entry<String, Object>>> maps) {
    }

    private PoolBackup() {
    }

    /** The statistics of a backup as written: their count, then each in its codec's form. */
    public interface PoolSection {
        int count();

        /** Writes the count and the statistics. */
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** The statistics encoded as they are written. */
    public static PoolSection encoding(Collection<PooledStat> stats) {
        return new PoolSection() {
            @Override
            public int count() {
                return stats.size();
            }

            @Override
            public void writeTo(DataOutputStream out) throws IOException {
                out.writeInt(stats.size());
                for (PooledStat p : stats) {
                    PoolCodec.INSTANCE.write(out, p);
                }
            }
        };
    }

    /** The section {@code length} bytes long at {@code offset} of an earlier backup file, copied as it is. */
    public static PoolSection copying(Path earlier, long offset, long length, int count) {
        return new PoolSection() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public void writeTo(DataOutputStream out) throws IOException {
                try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(earlier)) {
                    java.io.InputStream bytes = java.nio.channels.Channels.newInputStream(in.position(offset));
                    byte[] buffer = new byte[1 << 16];
                    long left = length;
                    while (left > 0) {
                        int n = bytes.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new IOException(earlier + " ended inside its statistics");
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
            }
        };
    }

    /** Where a written file holds its statistics. */
    public record Written(long poolOffset, long poolLength) {
    }

    /** Pool only (what tests and older callers need). */
    public static void write(Path file, Collection<PooledStat> stats) throws IOException {
        write(file, new Contents(System.currentTimeMillis(), Long.MIN_VALUE, Map.of(), List.copyOf(stats), Map.of()), v -> {
            throw new IllegalArgumentException("no grid state in a pool-only backup");
        });
    }

    public static void write(Path file, Contents c, Function<Object, byte[]> encode) throws IOException {
        write(file, c, encoding(c.stats()), encode);
    }

    /** Writes {@code c} with {@code pool} as its statistics ({@code c.stats()} is not read). */
    public static Written write(Path file, Contents c, PoolSection pool, Function<Object, byte[]> encode)
            throws IOException {
        Written written;
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
                    1 << 16))) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeLong(c.createdAt());
                out.writeLong(c.latestEvent());
                out.writeInt(c.positions().size());
                for (Map.Entry<String, Long> p : c.positions().entrySet()) {
                    out.writeUTF(p.getKey());
                    out.writeLong(p.getValue());
                }
                long poolOffset = out.size();
                pool.writeTo(out);
                written = new Written(poolOffset, out.size() - poolOffset);
                out.writeInt(c.maps().size());
                for (Map.Entry<String, Collection<Map.Entry<String, Object>>> m : c.maps().entrySet()) {
                    out.writeUTF(m.getKey());
                    out.writeInt(m.getValue().size());
                    for (Map.Entry<String, Object> e : m.getValue()) {
                        out.writeUTF(e.getKey());
                        if (e.getValue() instanceof String s) {
                            out.writeByte(1);
                            out.writeUTF(s);
                        } else {
                            byte[] bytes = e.getValue() instanceof byte[] b ? b : encode.apply(e.getValue());
                            out.writeByte(0);
                            out.writeInt(bytes.length);
                            out.write(bytes);
                        }
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return written;
    }

    public static List<PooledStat> read(Path file) throws IOException {
        return read(file, bytes -> bytes).stats();
    }

    public static Contents read(Path file, Function<byte[], Object> decode) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a Switchboard statistic pool backup");
            }
            int version = in.readInt();
            if (version != 1 && version != VERSION) {
                throw new IOException(file + ": unsupported backup format version " + version);
            }
            long createdAt = 0;
            long latestEvent = Long.MIN_VALUE;
            Map<String, Long> positions = new LinkedHashMap<>();
            if (version >= 2) {
                createdAt = in.readLong();
                latestEvent = in.readLong();
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    positions.put(in.readUTF(), in.readLong());
                }
            }
            int n = in.readInt();
            List<PooledStat> stats = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                stats.add(PoolCodec.INSTANCE.read(in));
            }
            Map<String, Collection<Map.Entry<String, Object>>> maps = new LinkedHashMap<>();
            if (version >= 2) {
                int m = in.readInt();
                for (int i = 0; i < m; i++) {
                    String name = in.readUTF();
                    int size = in.readInt();
                    List<Map.Entry<String, Object>> entries = new ArrayList<>(size);
                    for (int k = 0; k < size; k++) {
                        String key = in.readUTF();
                        byte tag = in.readByte();
                        Object value;
                        if (tag == 1) {
                            value = in.readUTF();
                        } else if (tag == 0) {
                            byte[] bytes = new byte[in.readInt()];
                            in.readFully(bytes);
                            value = decode.apply(bytes);
                        } else {
                            throw new IOException(file + ": unknown value tag " + tag + " in map " + name);
                        }
                        entries.add(Map.entry(key, value));
                    }
                    maps.put(name, entries);
                }
            }
            return new Contents(createdAt, latestEvent, positions, stats, maps);
        }
    }
}
