package io.switchboard.engine.internal.grid;

import com.hazelcast.map.EntryProcessor;
import io.switchboard.api.grid.GridCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * State kept as bytes while no engine classes own it. The object maps hold live objects; when
 * the engine bundle stops (update, feature reinstall), those objects' classes go with it, so
 * the engine first turns every entry into its codec's bytes, and the next engine turns them
 * back into objects of its own classes on first touch.
 */
public final class Detached {

    private static final Map<Integer, GridCodec<?>> BY_ID = new HashMap<>();
    private static final Map<Class<?>, GridCodec<?>> BY_CLASS = new HashMap<>();

    static {
        for (GridCodec<?> c : GridCodecs.all()) {
            BY_ID.put(c.typeId(), c);
            BY_CLASS.put(c.type(), c);
        }
    }

    private Detached() {
    }

    @SuppressWarnings("unchecked")
    public static byte[] encode(Object state) {
        GridCodec<Object> codec = (GridCodec<Object>) BY_CLASS.get(state.getClass());
        if (codec == null) {
            throw new IllegalStateException("no codec for " + state.getClass().getName());
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(codec.typeId());
            codec.write(out, state);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The live state of an entry value: decoded if it was detached, else as it is. */
    public static Object attach(Object value) {
        if (!(value instanceof byte[] bytes)) {
            return value;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            GridCodec<?> codec = BY_ID.get(in.readInt());
            if (codec == null) {
                throw new IllegalStateException("detached state of an unknown type");
            }
            return codec.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns every entry it runs on into bytes (backups too: it is its own backup processor). */
    static final class Detach implements EntryProcessor<String, Object, Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            Object v = entry.getValue();
            if (v != null && !(v instanceof byte[]) && BY_CLASS.containsKey(v.getClass())) {
                entry.setValue(encode(v));
            }
            return null;
        }
    }
}
