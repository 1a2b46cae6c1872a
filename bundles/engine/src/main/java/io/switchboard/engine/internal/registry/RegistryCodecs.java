package io.switchboard.engine.internal.registry;

import static io.switchboard.engine.internal.core.Wire.readString;
import static io.switchboard.engine.internal.core.Wire.readStrings;
import static io.switchboard.engine.internal.core.Wire.writeString;
import static io.switchboard.engine.internal.core.Wire.writeStrings;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.engine.internal.core.StateCodecs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wire form of stat types (1021) and time profiles (1022). */
public final class RegistryCodecs {

    private RegistryCodecs() {
    }

    public static final StateCodecs.Codec<StatType> STAT_TYPE = new StateCodecs.Codec<>(1021, StatType.class) {
        @Override
        public void write(DataOutput out, StatType t) throws IOException {
            out.writeByte(1);
            out.writeUTF(t.name());
            List<String> objects = new ArrayList<>();
            for (ObjectType o : t.objects()) {
                objects.add(o.name());
            }
            writeStrings(out, objects);
            out.writeUTF(t.category());
            out.writeUTF(t.subject().name());
            writeStrings(out, t.mask());
            writeStrings(out, t.relMask());
            out.writeBoolean(t.range() != null);
            if (t.range() != null) {
                out.writeDouble(t.range()[0]);
                out.writeDouble(t.range()[1]);
            }
            writeString(out, t.formula());
        }

        @Override
        public StatType read(DataInput in) throws IOException {
            int v = in.readUnsignedByte();
            if (v != 1) {
                throw new IOException("unsupported stat type format version " + v);
            }
            String name = in.readUTF();
            List<ObjectType> objects = new ArrayList<>();
            for (String o : readStrings(in)) {
                objects.add(ObjectType.valueOf(o));
            }
            String category = in.readUTF();
            StatType.Subject subject = StatType.Subject.valueOf(in.readUTF());
            List<String> mask = readStrings(in);
            List<String> relMask = readStrings(in);
            double[] range = in.readBoolean() ? new double[] {in.readDouble(), in.readDouble()} : null;
            return new StatType(name, objects, category, subject, mask, relMask, range, readString(in));
        }
    };

    public static final StateCodecs.Codec<TimeProfileDefinition> TIME_PROFILE = new StateCodecs.Codec<>(1022,
            TimeProfileDefinition.class) {
        @Override
        public void write(DataOutput out, TimeProfileDefinition p) throws IOException {
            out.writeByte(1);
            out.writeUTF(p.name());
            out.writeInt(p.definition().size());
            for (Map.Entry<String, Object> e : p.definition().entrySet()) {
                out.writeUTF(e.getKey());
                writeValue(out, e.getValue());
            }
        }

        @Override
        public TimeProfileDefinition read(DataInput in) throws IOException {
            int v = in.readUnsignedByte();
            if (v != 1) {
                throw new IOException("unsupported time profile format version " + v);
            }
            String name = in.readUTF();
            int n = in.readInt();
            Map<String, Object> def = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                def.put(in.readUTF(), readValue(in));
            }
            return new TimeProfileDefinition(name, def);
        }
    };

    private static void writeValue(DataOutput out, Object v) throws IOException {
        if (v instanceof Boolean b) {
            out.writeByte('b');
            out.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long) {
            out.writeByte('l');
            out.writeLong(((Number) v).longValue());
        } else if (v instanceof Number n) {
            out.writeByte('d');
            out.writeDouble(n.doubleValue());
        } else if (v instanceof List<?> l) {
            out.writeByte('a');
            List<String> strings = new ArrayList<>();
            for (Object o : l) {
                strings.add(String.valueOf(o));
            }
            writeStrings(out, strings);
        } else {
            out.writeByte('s');
            out.writeUTF(String.valueOf(v));
        }
    }

    private static Object readValue(DataInput in) throws IOException {
        int kind = in.readUnsignedByte();
        switch (kind) {
            case 'b':
                return in.readBoolean();
            case 'l':
                return in.readLong();
            case 'd':
                return in.readDouble();
            case 'a':
                return readStrings(in);
            default:
                return in.readUTF();
        }
    }
}
