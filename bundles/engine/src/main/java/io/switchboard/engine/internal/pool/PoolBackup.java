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
import java.util.List;

/**
 * The backup file of the statistic pool: {@code SBPOOL}, a format version, the count, then each
 * pooled statistic in its codec's form. Portable between instances; written to a temporary file
 * and moved into place, so a crash never leaves half a backup. Values need no saving: they are
 * computed from the objects' histories, which the journal rebuilds.
 */
public final class PoolBackup {

    private static final byte[] MAGIC = {'S', 'B', 'P', 'O', 'O', 'L'};
    static final int VERSION = 1;

    private PoolBackup() {
    }

    public static void write(Path file, Collection<PooledStat> stats) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(stats.size());
            for (PooledStat p : stats) {
                PoolCodec.INSTANCE.write(out, p);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static List<PooledStat> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a Switchboard statistic pool backup");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": unsupported backup format version " + version);
            }
            int n = in.readInt();
            List<PooledStat> stats = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                stats.add(PoolCodec.INSTANCE.read(in));
            }
            return stats;
        }
    }
}
