package io.switchboard.engine.internal.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Primitive helpers of the explicit wire format (nullable strings, maps, lists). */
public final class Wire {

    private Wire() {
    }

    public static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            out.writeUTF(s);
        }
    }

    public static String readString(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    public static void writeMap(DataOutput out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            writeString(out, e.getValue());
        }
    }

    public static Map<String, String> readMap(DataInput in, Map<String, String> into) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            into.put(in.readUTF(), readString(in));
        }
        return into;
    }

    public static Map<String, String> readMap(DataInput in) throws IOException {
        return readMap(in, new LinkedHashMap<>());
    }

    public static void writeStrings(DataOutput out, List<String> list) throws IOException {
        if (list == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(list.size());
        for (String s : list) {
            out.writeUTF(s);
        }
    }

    public static List<String> readStrings(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(in.readUTF());
        }
        return list;
    }

    public static void writeLongOrNull(DataOutput out, Long v) throws IOException {
        out.writeLong(v == null ? Long.MIN_VALUE : v);
    }

    public static Long readLongOrNull(DataInput in) throws IOException {
        long v = in.readLong();
        return v == Long.MIN_VALUE ? null : v;
    }
}
