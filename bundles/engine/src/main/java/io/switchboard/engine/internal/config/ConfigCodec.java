package io.switchboard.engine.internal.config;

import static io.switchboard.engine.internal.core.Wire.readStrings;
import static io.switchboard.engine.internal.core.Wire.writeStrings;

import io.switchboard.api.config.ConfigObject;
import io.switchboard.engine.internal.core.StateCodecs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wire form of configuration objects (grid type id 1020). */
public final class ConfigCodec extends StateCodecs.Codec<ConfigObject> {

    public static final ConfigCodec INSTANCE = new ConfigCodec();

    private ConfigCodec() {
        super(1020, ConfigObject.class);
    }

    @Override
    public void write(DataOutput out, ConfigObject o) throws IOException {
        out.writeByte(1);
        out.writeUTF(o.tenant());
        out.writeUTF(o.type());
        out.writeUTF(o.id());
        out.writeInt(o.attributes().size());
        for (Map.Entry<String, Object> e : o.attributes().entrySet()) {
            out.writeUTF(e.getKey());
            Object v = e.getValue();
            if (v instanceof Boolean b) {
                out.writeByte('b');
                out.writeBoolean(b);
            } else if (v instanceof Long l) {
                out.writeByte('l');
                out.writeLong(l);
            } else if (v instanceof Double d) {
                out.writeByte('d');
                out.writeDouble(d);
            } else {
                out.writeByte('s');
                out.writeUTF(String.valueOf(v));
            }
        }
        writeStrings(out, o.members());
    }

    @Override
    public ConfigObject read(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != 1) {
            throw new IOException("unsupported configuration object format version " + version);
        }
        String tenant = in.readUTF();
        String type = in.readUTF();
        String id = in.readUTF();
        int n = in.readInt();
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            int kind = in.readUnsignedByte();
            switch (kind) {
                case 'b':
                    attributes.put(key, in.readBoolean());
                    break;
                case 'l':
                    attributes.put(key, in.readLong());
                    break;
                case 'd':
                    attributes.put(key, in.readDouble());
                    break;
                default:
                    attributes.put(key, in.readUTF());
                    break;
            }
        }
        return new ConfigObject(tenant, type, id, attributes, readStrings(in));
    }
}
