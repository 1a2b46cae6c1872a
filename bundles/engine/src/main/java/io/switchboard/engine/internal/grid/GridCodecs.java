package io.switchboard.engine.internal.grid;

import static io.switchboard.engine.internal.core.Wire.readLongOrNull;
import static io.switchboard.engine.internal.core.Wire.readMap;
import static io.switchboard.engine.internal.core.Wire.readString;
import static io.switchboard.engine.internal.core.Wire.readStrings;
import static io.switchboard.engine.internal.core.Wire.writeLongOrNull;
import static io.switchboard.engine.internal.core.Wire.writeMap;
import static io.switchboard.engine.internal.core.Wire.writeString;
import static io.switchboard.engine.internal.core.Wire.writeStrings;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.ObjectState;
import io.switchboard.api.model.StatType;
import io.switchboard.api.model.TimeProfileDefinition;
import io.switchboard.api.stats.FinishedAction;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.config.ConfigCodec;
import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.PlaceState;
import io.switchboard.engine.internal.core.StateCodecs;
import io.switchboard.engine.internal.core.StateCodecs.Codec;
import io.switchboard.engine.internal.registry.RegistryCodecs;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import io.switchboard.engine.internal.stats.StatsCodecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Codecs of what the engine sends through the grid: processors, queries and results. */
final class GridCodecs {

    private GridCodecs() {
    }

    static List<GridCodec<?>> all() {
        List<GridCodec<?>> all = new ArrayList<>(StateCodecs.all());
        all.addAll(List.of(APPLY, UPDATE_PLACE, PLACE_UPDATE, OBJECT_STATE, STATE_OF, PARTIAL_OF,
                TRACK_CALL, QUEUE_ANSWERED, DETACH, CLOCK_MAX, EVALUATE_MANY, PARTIALS_MANY, FINISHED_OF, FINISHED_ACTION, StatsCodecs.VALUE, StatsCodecs.PARTIAL,
                ConfigCodec.INSTANCE, RegistryCodecs.STAT_TYPE, RegistryCodecs.TIME_PROFILE,
                io.switchboard.engine.internal.pool.PoolCodec.INSTANCE, CHANGED, TOUCHED));
        return all;
    }

    static void writeQuery(DataOutput out, StatQuery q) throws IOException {
        RegistryCodecs.STAT_TYPE.write(out, q.type());
        RegistryCodecs.TIME_PROFILE.write(out, new TimeProfileDefinition("query", q.profile()));
        writeStrings(out, q.filter().media());
        writeMap(out, q.filter().data());
        out.writeLong(q.t());
        out.writeInt(q.refs().size());
        for (StatType t : q.refs().values()) {
            RegistryCodecs.STAT_TYPE.write(out, t);
        }
        writeString(out, q.endpoint());
    }

    static StatQuery readQuery(DataInput in) throws IOException {
        StatType type = RegistryCodecs.STAT_TYPE.read(in);
        Map<String, Object> profile = RegistryCodecs.TIME_PROFILE.read(in).definition();
        Filter filter = new Filter(readStrings(in), readMap(in));
        long t = in.readLong();
        int n = in.readInt();
        Map<String, StatType> refs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            StatType r = RegistryCodecs.STAT_TYPE.read(in);
            refs.put(r.name(), r);
        }
        return new StatQuery(type, profile, filter, t, refs, readString(in));
    }

    static void writeEvents(DataOutput out, List<CanonicalEvent> events) throws IOException {
        out.writeInt(events.size());
        for (CanonicalEvent e : events) {
            StateCodecs.EVENT.write(out, e);
        }
    }

    static List<CanonicalEvent> readEvents(DataInput in) throws IOException {
        int n = in.readInt();
        List<CanonicalEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(StateCodecs.EVENT.read(in));
        }
        return events;
    }

    static final GridCodec<ApplyEventProcessor> APPLY = new Codec<>(1010, ApplyEventProcessor.class) {
        @Override
        public void write(DataOutput out, ApplyEventProcessor p) throws IOException {
            writeEvents(out, p.events);
            writeStrings(out, p.priority);
            out.writeLong(p.historyMillis);
        }

        @Override
        public ApplyEventProcessor read(DataInput in) throws IOException {
            return new ApplyEventProcessor(readEvents(in), readStrings(in), in.readLong());
        }
    };

    static final GridCodec<UpdatePlaceProcessor> UPDATE_PLACE = new Codec<>(1011, UpdatePlaceProcessor.class) {
        @Override
        public void write(DataOutput out, UpdatePlaceProcessor p) throws IOException {
            out.writeInt(p.updates.size());
            for (UpdatePlaceProcessor.Update u : p.updates) {
                out.writeUTF(u.agent());
                out.writeBoolean(u.contribution() != null);
                if (u.contribution() != null) {
                    StateCodecs.CONTRIBUTION.write(out, u.contribution());
                }
                StateCodecs.writeRecords(out, u.changes());
                out.writeLong(u.ts());
                out.writeUTF(u.source());
                out.writeLong(u.seq());
            }
            writeStrings(out, p.priority);
            out.writeLong(p.historyMillis);
        }

        @Override
        public UpdatePlaceProcessor read(DataInput in) throws IOException {
            int n = in.readInt();
            List<UpdatePlaceProcessor.Update> updates = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String agent = in.readUTF();
                PlaceState.Contribution c = in.readBoolean() ? StateCodecs.CONTRIBUTION.read(in) : null;
                updates.add(new UpdatePlaceProcessor.Update(agent, c, StateCodecs.readRecords(in), in.readLong(),
                        in.readUTF(), in.readLong()));
            }
            return new UpdatePlaceProcessor(updates, readStrings(in), in.readLong());
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
            StateCodecs.writeRecords(out, u.changes());
            out.writeLong(u.ts());
            out.writeUTF(u.source());
            out.writeLong(u.seq());
        }

        @Override
        public PlaceUpdate read(DataInput in) throws IOException {
            return new PlaceUpdate(in.readUTF(), in.readUTF(), readString(in), in.readUTF(),
                    StateCodecs.CONTRIBUTION.read(in), StateCodecs.readRecords(in), in.readLong(), in.readUTF(),
                    in.readLong());
        }
    };

    static final GridCodec<StatProcessors.StateOf> STATE_OF = new Codec<>(1016, StatProcessors.StateOf.class) {
        @Override
        public void write(DataOutput out, StatProcessors.StateOf p) throws IOException {
            writeString(out, p.endpoint);
        }

        @Override
        public StatProcessors.StateOf read(DataInput in) throws IOException {
            return new StatProcessors.StateOf(readString(in));
        }
    };

    static final GridCodec<StatProcessors.EvaluateMany> EVALUATE_MANY = new Codec<>(1028,
            StatProcessors.EvaluateMany.class) {
        @Override
        public void write(DataOutput out, StatProcessors.EvaluateMany p) throws IOException {
            out.writeInt(p.queries.size());
            for (StatQuery q : p.queries) {
                writeQuery(out, q);
            }
        }

        @Override
        public StatProcessors.EvaluateMany read(DataInput in) throws IOException {
            int n = in.readInt();
            List<StatQuery> queries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                queries.add(readQuery(in));
            }
            return new StatProcessors.EvaluateMany(queries);
        }
    };

    static final GridCodec<StatProcessors.PartialsMany> PARTIALS_MANY = new Codec<>(1033,
            StatProcessors.PartialsMany.class) {
        @Override
        public void write(DataOutput out, StatProcessors.PartialsMany p) throws IOException {
            out.writeInt(p.queries.size());
            for (StatQuery q : p.queries) {
                writeQuery(out, q);
            }
            writeString(out, p.tenant);
        }

        @Override
        public StatProcessors.PartialsMany read(DataInput in) throws IOException {
            int n = in.readInt();
            List<StatQuery> queries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                queries.add(readQuery(in));
            }
            return new StatProcessors.PartialsMany(queries, readString(in));
        }
    };

    static final GridCodec<StatProcessors.PartialOf> PARTIAL_OF = new Codec<>(1018, StatProcessors.PartialOf.class) {
        @Override
        public void write(DataOutput out, StatProcessors.PartialOf p) throws IOException {
            writeQuery(out, p.query);
        }

        @Override
        public StatProcessors.PartialOf read(DataInput in) throws IOException {
            return new StatProcessors.PartialOf(readQuery(in));
        }
    };

    static final GridCodec<StatProcessors.TrackCall> TRACK_CALL = new Codec<>(1023, StatProcessors.TrackCall.class) {
        @Override
        public void write(DataOutput out, StatProcessors.TrackCall p) throws IOException {
            writeEvents(out, p.events);
        }

        @Override
        public StatProcessors.TrackCall read(DataInput in) throws IOException {
            return new StatProcessors.TrackCall(readEvents(in));
        }
    };

    static final GridCodec<StatProcessors.QueueAnswered> QUEUE_ANSWERED = new Codec<>(1024,
            StatProcessors.QueueAnswered.class) {
        @Override
        public void write(DataOutput out, StatProcessors.QueueAnswered p) throws IOException {
            out.writeInt(p.answers.size());
            for (StatProcessors.QueueAnswered.Answer a : p.answers) {
                out.writeUTF(a.call());
                out.writeLong(a.queuedAt());
                out.writeLong(a.establishedAt());
                writeString(out, a.media());
                writeMap(out, a.data());
                out.writeUTF(a.source());
                out.writeLong(a.seq());
            }
        }

        @Override
        public StatProcessors.QueueAnswered read(DataInput in) throws IOException {
            int n = in.readInt();
            List<StatProcessors.QueueAnswered.Answer> answers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                answers.add(new StatProcessors.QueueAnswered.Answer(in.readUTF(), in.readLong(), in.readLong(),
                        readString(in), readMap(in), in.readUTF(), in.readLong()));
            }
            return new StatProcessors.QueueAnswered(answers);
        }
    };

    static final GridCodec<Changed> CHANGED = new Codec<>(1034, Changed.class) {
        @Override
        public void write(DataOutput out, Changed c) throws IOException {
            writeStrings(out, c.names());
        }

        @Override
        public Changed read(DataInput in) throws IOException {
            return new Changed(readStrings(in));
        }
    };

    static final GridCodec<Touched> TOUCHED = new Codec<>(1035, Touched.class) {
        @Override
        public void write(DataOutput out, Touched t) throws IOException {
            out.writeInt(t.changes().size());
            for (Map.Entry<String, List<String>> e : t.changes().entrySet()) {
                out.writeUTF(e.getKey());
                writeStrings(out, e.getValue());
            }
            out.writeLong(t.latest());
        }

        @Override
        public Touched read(DataInput in) throws IOException {
            int n = in.readInt();
            if (n < 0) {
                throw new IOException("negative count " + n);
            }
            Map<String, List<String>> changes = new java.util.HashMap<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                changes.put(in.readUTF(), readStrings(in));
            }
            return new Touched(changes, in.readLong());
        }
    };

    static final GridCodec<Detached.Detach> DETACH = new Codec<>(1025, Detached.Detach.class) {
        @Override
        public void write(DataOutput out, Detached.Detach p) {
            // no fields
        }

        @Override
        public Detached.Detach read(DataInput in) {
            return new Detached.Detach();
        }
    };

    static final GridCodec<ClusterClock.Max> CLOCK_MAX = new Codec<>(1032, ClusterClock.Max.class) {
        @Override
        public void write(DataOutput out, ClusterClock.Max p) throws IOException {
            out.writeLong(p.ts);
        }

        @Override
        public ClusterClock.Max read(DataInput in) throws IOException {
            return new ClusterClock.Max(in.readLong());
        }
    };

    static final GridCodec<StatProcessors.FinishedOf> FINISHED_OF = new Codec<>(1026, StatProcessors.FinishedOf.class) {
        @Override
        public void write(DataOutput out, StatProcessors.FinishedOf p) throws IOException {
            writeQuery(out, p.query);
        }

        @Override
        public StatProcessors.FinishedOf read(DataInput in) throws IOException {
            return new StatProcessors.FinishedOf(readQuery(in));
        }
    };

    static final GridCodec<FinishedAction> FINISHED_ACTION = new Codec<>(1027, FinishedAction.class) {
        @Override
        public void write(DataOutput out, FinishedAction a) throws IOException {
            out.writeUTF(a.name());
            out.writeLong(a.start());
            out.writeLong(a.end());
            out.writeBoolean(a.instant());
            writeString(out, a.media());
            writeMap(out, a.data());
        }

        @Override
        public FinishedAction read(DataInput in) throws IOException {
            return new FinishedAction(in.readUTF(), in.readLong(), in.readLong(), in.readBoolean(), readString(in),
                    readMap(in));
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
