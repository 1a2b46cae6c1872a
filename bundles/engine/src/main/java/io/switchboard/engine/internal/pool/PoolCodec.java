package io.switchboard.engine.internal.pool;

import static io.switchboard.engine.internal.core.Wire.readMap;
import static io.switchboard.engine.internal.core.Wire.readString;
import static io.switchboard.engine.internal.core.Wire.readStrings;
import static io.switchboard.engine.internal.core.Wire.writeMap;
import static io.switchboard.engine.internal.core.Wire.writeString;
import static io.switchboard.engine.internal.core.Wire.writeStrings;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import io.switchboard.engine.internal.core.StateCodecs;
import io.switchboard.engine.internal.registry.RegistryCodecs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Wire form of pooled statistics (grid type id 1040), also the unit of backup files later. */
public final class PoolCodec extends StateCodecs.Codec<PooledStat> {

    public static final PoolCodec INSTANCE = new PoolCodec();

    private PoolCodec() {
        super(1040, PooledStat.class);
    }

    @Override
    public void write(DataOutput out, PooledStat p) throws IOException {
        out.writeByte(1);
        out.writeUTF(p.ref());
        StatRequest r = p.request();
        RegistryCodecs.STAT_TYPE.write(out, r.statType());
        out.writeUTF(r.object().tenant());
        out.writeUTF(r.object().type().name());
        out.writeUTF(r.object().id());
        writeString(out, r.timeProfile());
        out.writeBoolean(r.inlineProfile() != null);
        if (r.inlineProfile() != null) {
            RegistryCodecs.TIME_PROFILE.write(out, new TimeProfileDefinition("inline", r.inlineProfile()));
        }
        writeStrings(out, r.filter().media());
        writeMap(out, r.filter().data());
        out.writeUTF(p.notification().mode().name());
        out.writeDouble(p.notification().insensitivity());
        out.writeLong(p.notification().frequencySeconds());
        out.writeLong(p.openedAt());
        out.writeLong(p.lastRequest());
    }

    @Override
    public PooledStat read(DataInput in) throws IOException {
        int v = in.readUnsignedByte();
        if (v != 1) {
            throw new IOException("unsupported pooled statistic format version " + v);
        }
        String ref = in.readUTF();
        var type = RegistryCodecs.STAT_TYPE.read(in);
        ObjectRef object = new ObjectRef(in.readUTF(), ObjectType.valueOf(in.readUTF()), in.readUTF());
        String profile = readString(in);
        var inline = in.readBoolean() ? RegistryCodecs.TIME_PROFILE.read(in).definition() : null;
        StatRequest.Filter filter = new StatRequest.Filter(readStrings(in), readMap(in));
        Notification n = new Notification(Notification.Mode.valueOf(in.readUTF()), in.readDouble(), in.readLong());
        return new PooledStat(ref, new StatRequest(type, object, profile, inline, filter), n, in.readLong(),
                in.readLong());
    }
}
