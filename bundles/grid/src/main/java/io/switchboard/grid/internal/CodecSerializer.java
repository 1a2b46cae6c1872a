package io.switchboard.grid.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.switchboard.api.grid.GridCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Hazelcast's global serializer: every object of ours is written as its codec id followed by
 * what the codec writes. Objects without a codec that are Serializable (none of ours) fall back
 * to Java serialization under id 0, resolved through the grid's class loader.
 */
final class CodecSerializer implements StreamSerializer<Object> {

    static final int TYPE_ID = 4711;

    private static final int JAVA = 0;

    private final CodecRegistry codecs;
    private final ClassLoader loader;

    CodecSerializer(CodecRegistry codecs, ClassLoader loader) {
        this.codecs = codecs;
        this.loader = loader;
    }

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void write(ObjectDataOutput out, Object object) throws IOException {
        GridCodec<Object> codec = (GridCodec<Object>) codecs.forClass(object.getClass());
        if (codec == null) {
            if (object instanceof Serializable) {
                out.writeInt(JAVA);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
                    oos.writeObject(object);
                }
                out.writeByteArray(bytes.toByteArray());
                return;
            }
            throw new HazelcastSerializationException("no grid codec registered for "
                    + object.getClass().getName() + " (is the bundle that owns it active?)");
        }
        out.writeInt(codec.typeId());
        codec.write(out, object);
    }

    @Override
    public Object read(ObjectDataInput in) throws IOException {
        int id = in.readInt();
        if (id == JAVA) {
            try (ObjectInputStream ois = new LoaderObjectInputStream(new ByteArrayInputStream(in.readByteArray()),
                    loader)) {
                return ois.readObject();
            } catch (ClassNotFoundException e) {
                throw new HazelcastSerializationException("cannot load class of a grid value", e);
            }
        }
        GridCodec<?> codec = codecs.forId(id);
        if (codec == null) {
            throw new HazelcastSerializationException("no grid codec registered for type id " + id
                    + " (is the bundle that owns it active on this member?)");
        }
        return codec.read(in);
    }

    /** Java deserialization that resolves classes through the grid's loader. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
