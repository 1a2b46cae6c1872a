package io.switchboard.engine.internal.stats;

import io.switchboard.engine.internal.core.StateCodecs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Wire form of values and partials, which travel from the owning partition to the caller. */
public final class StatsCodecs {

    private StatsCodecs() {
    }

    public static void writeValue(DataOutput out, Value v) throws IOException {
        Number n = v.value();
        if (n == null) {
            out.writeByte(0);
        } else if (n instanceof Long || n instanceof Integer) {
            out.writeByte(1);
            out.writeLong(n.longValue());
        } else {
            out.writeByte(2);
            out.writeDouble(n.doubleValue());
        }
        out.writeBoolean(v.partial());
    }

    public static Value readValue(DataInput in) throws IOException {
        int kind = in.readUnsignedByte();
        Number n = kind == 0 ? null : kind == 1 ? (Number) in.readLong() : (Number) in.readDouble();
        return new Value(n, in.readBoolean());
    }

    public static final StateCodecs.Codec<Value> VALUE = new StateCodecs.Codec<>(1030, Value.class) {
        @Override
        public void write(DataOutput out, Value v) throws IOException {
            writeValue(out, v);
        }

        @Override
        public Value read(DataInput in) throws IOException {
            return readValue(in);
        }
    };

    /**
     * Zig-zag variable-length longs: a partial's fields are mostly 0 or small, and Hazelcast's
     * output writes a long byte by byte anyway (eight calls for a zero).
     */
    static void writeVarLong(DataOutput out, long v) throws IOException {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.writeByte((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.writeByte((int) z);
    }

    static long readVarLong(DataInput in) throws IOException {
        long z = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            z |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw new IOException("malformed variable-length long");
    }

    private static void writeSels(DataOutput out, List<Partial.Sel> sels) throws IOException {
        writeVarLong(out, sels.size());
        long previousEnd = 0;
        for (Partial.Sel s : sels) {
            // oldest first: ends as deltas, starts and durations against their end
            writeVarLong(out, s.end() - previousEnd);
            writeVarLong(out, s.end() - s.start());
            writeVarLong(out, (s.durationMs() << 1) | (s.inRange() ? 1 : 0));
            previousEnd = s.end();
        }
    }

    private static List<Partial.Sel> readSels(DataInput in) throws IOException {
        int n = (int) readVarLong(in);
        if (n < 0) {
            throw new IOException("negative selection size");
        }
        List<Partial.Sel> list = new ArrayList<>(Math.min(n, 1024));
        long end = 0;
        for (int i = 0; i < n; i++) {
            end += readVarLong(in);
            long start = end - readVarLong(in);
            long d = readVarLong(in);
            list.add(new Partial.Sel(end, start, d >> 1, (d & 1) != 0));
        }
        return list;
    }

    private static final int DEFINED = 1;
    private static final int PARTIAL_FLAG = 2;
    private static final int LOSSY = 4;
    private static final int CURRENT_TIME = 8;
    private static final int SELECTIONS = 16;

    /**
     * Flags, then only the fields that are not at their neutral value (a bit each), as
     * variable-length longs: a tenant's scan ships one partial per object and query, and writing
     * thirteen longs of mostly zeros was most of its time on the partition threads.
     */
    public static final StateCodecs.Codec<Partial> PARTIAL = new StateCodecs.Codec<>(1031, Partial.class) {
        @Override
        public void write(DataOutput out, Partial p) throws IOException {
            boolean sels = !p.selected.isEmpty() || !p.relSelected.isEmpty();
            out.writeByte((p.defined ? DEFINED : 0) | (p.partial ? PARTIAL_FLAG : 0) | (p.lossy ? LOSSY : 0)
                    | (p.currentTimeMs != null ? CURRENT_TIME : 0) | (sels ? SELECTIONS : 0));
            long[] fields = {p.started, p.totalMs, p.ended, p.endedSumMs, p.endedMaxMs + 1, p.inRange, p.rel,
                    p.currentNumber, p.currentMaxMs, p.currentTimeMs == null ? 0 : p.currentTimeMs, p.size};
            int present = 0;
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] != 0) {
                    present |= 1 << i;
                }
            }
            out.writeShort(present);
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] != 0) {
                    writeVarLong(out, fields[i]);
                }
            }
            if (sels) {
                writeSels(out, p.selected);
                writeSels(out, p.relSelected);
            }
        }

        @Override
        public Partial read(DataInput in) throws IOException {
            int flags = in.readUnsignedByte();
            int present = in.readUnsignedShort();
            long[] f = new long[11];
            for (int i = 0; i < f.length; i++) {
                if ((present & (1 << i)) != 0) {
                    f[i] = readVarLong(in);
                }
            }
            List<Partial.Sel> selected = List.of();
            List<Partial.Sel> relSelected = List.of();
            if ((flags & SELECTIONS) != 0) {
                selected = readSels(in);
                relSelected = readSels(in);
            }
            return new Partial((flags & DEFINED) != 0, (flags & PARTIAL_FLAG) != 0, f[0], f[1], f[2], f[3], f[4] - 1,
                    f[5], f[6], f[7], f[8], (flags & CURRENT_TIME) != 0 ? f[9] : null, (int) f[10],
                    (flags & LOSSY) != 0, selected, relSelected);
        }
    };
}
