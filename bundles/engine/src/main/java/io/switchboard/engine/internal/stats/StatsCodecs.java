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

    private static void writeSels(DataOutput out, List<Partial.Sel> sels) throws IOException {
        out.writeInt(sels.size());
        for (Partial.Sel s : sels) {
            out.writeLong(s.end());
            out.writeLong(s.start());
            out.writeLong(s.durationMs());
            out.writeBoolean(s.inRange());
        }
    }

    private static List<Partial.Sel> readSels(DataInput in) throws IOException {
        int n = in.readInt();
        List<Partial.Sel> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Partial.Sel(in.readLong(), in.readLong(), in.readLong(), in.readBoolean()));
        }
        return list;
    }

    public static final StateCodecs.Codec<Partial> PARTIAL = new StateCodecs.Codec<>(1031, Partial.class) {
        @Override
        public void write(DataOutput out, Partial p) throws IOException {
            out.writeBoolean(p.defined);
            out.writeBoolean(p.partial);
            out.writeLong(p.started);
            out.writeLong(p.totalMs);
            out.writeLong(p.ended);
            out.writeLong(p.endedSumMs);
            out.writeLong(p.endedMaxMs);
            out.writeLong(p.inRange);
            out.writeLong(p.rel);
            out.writeLong(p.currentNumber);
            out.writeLong(p.currentMaxMs);
            out.writeLong(p.currentTimeMs == null ? Long.MIN_VALUE : p.currentTimeMs);
            out.writeInt(p.size);
            out.writeBoolean(p.lossy);
            writeSels(out, p.selected);
            writeSels(out, p.relSelected);
        }

        @Override
        public Partial read(DataInput in) throws IOException {
            boolean defined = in.readBoolean();
            boolean partial = in.readBoolean();
            long started = in.readLong();
            long totalMs = in.readLong();
            long ended = in.readLong();
            long endedSumMs = in.readLong();
            long endedMaxMs = in.readLong();
            long inRange = in.readLong();
            long rel = in.readLong();
            long currentNumber = in.readLong();
            long currentMaxMs = in.readLong();
            long ct = in.readLong();
            int size = in.readInt();
            boolean lossy = in.readBoolean();
            return new Partial(defined, partial, started, totalMs, ended, endedSumMs, endedMaxMs, inRange, rel,
                    currentNumber, currentMaxMs, ct == Long.MIN_VALUE ? null : ct, size, lossy, readSels(in),
                    readSels(in));
        }
    };
}
