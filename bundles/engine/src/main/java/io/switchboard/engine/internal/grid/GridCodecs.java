package io.switchboard.engine.internal.grid;

import static io.switchboard.engine.internal.core.Wire.readLongOrNull;
import static io.switchboard.engine.internal.core.Wire.readMap;
import static io.switchboard.engine.internal.core.Wire.readString;
import static io.switchboard.engine.internal.core.Wire.readStrings;
import static io.switchboard.engine.internal.core.Wire.writeLongOrNull;
import static io.switchboard.engine.internal.core.Wire.writeMap;
import static io.switchboard.engine.internal.core.Wire.writeString;
import static io.switchboard.engine.internal.core.Wire.writeStrings;

import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.config.ConfigCodec;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.Query;
import io.switchboard.engine.internal.core.StateCodecs;
import io.switchboard.engine.internal.core.StateCodecs.Codec;
import io.switchboard.engine.internal.registry.RegistryCodecs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Codecs of what the engine sends through the grid: processors, queries and results. */
final class GridCodecs {

    private GridCodecs() {
    }

    static List<GridCodec<?>> all() {
        List<GridCodec<?>> all = new ArrayList<>(StateCodecs.all());
        all.addAll(List.of(APPLY, UPDATE_PLACE, EVALUATE, TENANT_NUMBER, PLACE_UPDATE, OBJECT_STATE,
                ConfigCodec.INSTANCE, RegistryCodecs.STAT_TYPE, RegistryCodecs.TIME_PROFILE));
        return all;
    }

    static void writeQuery(DataOutput out, Query q) throws IOException {
        out.writeUTF(q.category().name());
        out.writeUTF(q.subject().name());
        writeStrings(out, q.mask());
        writeStrings(out, q.filter().media());
        writeMap(out, q.filter().data());
    }

    static Query readQuery(DataInput in) throws IOException {
        return new Query(Category.valueOf(in.readUTF()), StatType.Subject.valueOf(in.readUTF()), readStrings(in),
                new Filter(readStrings(in), readMap(in)));
    }

    static final GridCodec<ApplyEventProcessor> APPLY = new Codec<>(1010, ApplyEventProcessor.class) {
        @Override
        public void write(DataOutput out, ApplyEventProcessor p) throws IOException {
            StateCodecs.EVENT.write(out, p.event);
            writeStrings(out, p.priority);
        }

        @Override
        public ApplyEventProcessor read(DataInput in) throws IOException {
            return new ApplyEventProcessor(StateCodecs.EVENT.read(in), readStrings(in));
        }
    };

    static final GridCodec<UpdatePlaceProcessor> UPDATE_PLACE = new Codec<>(1011, UpdatePlaceProcessor.class) {
        @Override
        public void write(DataOutput out, UpdatePlaceProcessor p) throws IOException {
            out.writeUTF(p.agent);
            out.writeBoolean(p.contribution != null);
            if (p.contribution != null) {
                StateCodecs.CONTRIBUTION.write(out, p.contribution);
            }
            out.writeLong(p.ts);
            writeStrings(out, p.priority);
        }

        @Override
        public UpdatePlaceProcessor read(DataInput in) throws IOException {
            String agent = in.readUTF();
            PlaceState.Contribution c = in.readBoolean() ? StateCodecs.CONTRIBUTION.read(in) : null;
            return new UpdatePlaceProcessor(agent, c, in.readLong(), readStrings(in));
        }
    };

    static final GridCodec<EvaluateProcessor> EVALUATE = new Codec<>(1012, EvaluateProcessor.class) {
        @Override
        public void write(DataOutput out, EvaluateProcessor p) throws IOException {
            writeQuery(out, p.query);
            writeString(out, p.endpoint);
        }

        @Override
        public EvaluateProcessor read(DataInput in) throws IOException {
            return new EvaluateProcessor(readQuery(in), readString(in));
        }
    };

    static final GridCodec<TenantNumberAggregator> TENANT_NUMBER = new Codec<>(1013, TenantNumberAggregator.class) {
        @Override
        public void write(DataOutput out, TenantNumberAggregator a) throws IOException {
            out.writeUTF(a.tenant);
            writeQuery(out, a.query);
            out.writeLong(a.sum);
        }

        @Override
        public TenantNumberAggregator read(DataInput in) throws IOException {
            TenantNumberAggregator a = new TenantNumberAggregator(in.readUTF(), readQuery(in));
            a.sum = in.readLong();
            return a;
        }
    };

    static final GridCodec<PlaceUpdate> PLACE_UPDATE = new Codec<>(1014, PlaceUpdate.class) {
        @Override
        public void write(DataOutput out, PlaceUpdate u) throws IOException {
            out.writeUTF(u.tenant());
            out.writeUTF(u.agent());
            writeString(out, u.leftPlace());
            out.writeUTF(u.place());
            StateCodecs.CONTRIBUTION.write(out, u.contribution());
            out.writeLong(u.ts());
        }

        @Override
        public PlaceUpdate read(DataInput in) throws IOException {
            return new PlaceUpdate(in.readUTF(), in.readUTF(), readString(in), in.readUTF(),
                    StateCodecs.CONTRIBUTION.read(in), in.readLong());
        }
    };

    static final GridCodec<ObjectState> OBJECT_STATE = new Codec<>(1015, ObjectState.class) {
        @Override
        public void write(DataOutput out, ObjectState s) throws IOException {
            out.writeUTF(s.status());
            writeLongOrNull(out, s.since());
            out.writeInt(s.dns().size());
            for (ObjectState.EndpointStatus e : s.dns()) {
                writeString(out, e.dn());
                out.writeUTF(e.media());
                out.writeUTF(e.status());
                writeLongOrNull(out, e.since());
                writeString(out, e.call());
            }
        }

        @Override
        public ObjectState read(DataInput in) throws IOException {
            String status = in.readUTF();
            Long since = readLongOrNull(in);
            int n = in.readInt();
            List<ObjectState.EndpointStatus> dns = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                dns.add(new ObjectState.EndpointStatus(readString(in), in.readUTF(), in.readUTF(), readLongOrNull(in),
                        readString(in)));
            }
            return new ObjectState(status, since, dns);
        }
    };
}
