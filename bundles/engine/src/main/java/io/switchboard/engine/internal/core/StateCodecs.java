package io.switchboard.engine.internal.core;

import static io.switchboard.engine.internal.core.Wire.readLongOrNull;
import static io.switchboard.engine.internal.core.Wire.readMap;
import static io.switchboard.engine.internal.core.Wire.readString;
import static io.switchboard.engine.internal.core.Wire.writeLongOrNull;
import static io.switchboard.engine.internal.core.Wire.writeMap;
import static io.switchboard.engine.internal.core.Wire.writeString;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.model.ObjectState;
import io.switchboard.engine.internal.stats.ActionHistory;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The explicit wire form of the core's state, used by the grid (partition migration, backups)
 * and by backup files. Each value starts with a format version so old files stay readable.
 * Version 2: an endpoint carries the sources that hold its media login (version 1 had none; its
 * logins read as held by no known source, ended by the first logout as they were).
 */
public final class StateCodecs {

    static final int VERSION = 2;

    private StateCodecs() {
    }

    /** All codecs of the core, with their grid type ids (1000-1099 belong to the engine). */
    public static List<GridCodec<?>> all() {
        return List.of(EVENT, AGENT, DN, QUEUE, PLACE, CONTRIBUTION, CALL, CALL_INFO);
    }

    private static int version(DataInput in, String what) throws IOException {
        int v = in.readUnsignedByte();
        if (v < 1 || v > VERSION) {
            throw new IOException("unsupported " + what + " format version " + v);
        }
        return v;
    }

    public static final GridCodec<CanonicalEvent> EVENT = new Codec<>(1000, CanonicalEvent.class) {
        @Override
        public void write(DataOutput out, CanonicalEvent e) throws IOException {
            out.writeByte(VERSION);
            out.writeUTF(e.type().name());
            out.writeLong(e.ts());
            writeString(out, e.source());
            out.writeLong(e.seq());
            writeString(out, e.tenant());
            writeString(out, e.media());
            writeString(out, e.agent());
            writeString(out, e.place());
            writeString(out, e.dn());
            writeString(out, e.call());
            writeString(out, e.queue());
            writeString(out, e.direction());
            writeString(out, e.reason());
            writeString(out, e.workMode());
            writeMap(out, e.data());
        }

        @Override
        public CanonicalEvent read(DataInput in) throws IOException {
            version(in, "event");
            EventType type = EventType.valueOf(in.readUTF());
            return new CanonicalEvent(type, in.readLong(), readString(in), in.readLong(), readString(in),
                    readString(in), readString(in), readString(in), readString(in), readString(in), readString(in),
                    readString(in), readString(in), readString(in), readMap(in));
        }
    };

    static void writeEndpoint(DataOutput out, EndpointState ep) throws IOException {
        writeEndpoint(out, ep, VERSION);
    }

    /** In {@code version}'s form: a test writes version 1 to show it is still read. */
    static void writeEndpoint(DataOutput out, EndpointState ep, int version) throws IOException {
        writeString(out, ep.dn);
        out.writeUTF(ep.media);
        out.writeBoolean(ep.loggedIn);
        if (version >= 2) {
            java.util.SortedSet<String> holders = ep.holders();
            out.writeInt(holders.size());
            for (String h : holders) {
                out.writeUTF(h);
            }
        }
        out.writeByte(ep.readiness.ordinal());
        out.writeInt(ep.calls.size());
        for (CallLeg leg : ep.calls.values()) {
            out.writeUTF(leg.call);
            out.writeByte(leg.phase.ordinal());
            writeString(out, leg.direction);
            out.writeLong(leg.offeredAt);
            out.writeBoolean(leg.held);
            writeMap(out, leg.data);
        }
        writeRunning(out, ep.running);
        out.writeUTF(ep.status);
        out.writeLong(ep.statusSince);
        writeString(out, ep.statusCall);
        ep.history.write(out);
    }

    static EndpointState readEndpoint(DataInput in, int version) throws IOException {
        EndpointState ep = new EndpointState(readString(in), in.readUTF());
        ep.loggedIn = in.readBoolean();
        if (version >= 2) {
            for (int i = in.readInt(); i > 0; i--) {
                ep.addHolder(in.readUTF());
            }
        }
        ep.readiness = Readiness.values()[in.readUnsignedByte()];
        int calls = in.readInt();
        for (int i = 0; i < calls; i++) {
            String call = in.readUTF();
            CallLeg.Phase phase = CallLeg.Phase.values()[in.readUnsignedByte()];
            CallLeg leg = new CallLeg(call, phase, readString(in), in.readLong());
            leg.held = in.readBoolean();
            readMap(in, leg.data);
            ep.calls.put(call, leg);
        }
        ep.running.addAll(readRunning(in));
        ep.status = in.readUTF();
        ep.statusSince = in.readLong();
        ep.statusCall = readString(in);
        ep.history = ActionHistory.read(in);
        return ep;
    }

    public static void writeRecords(DataOutput out, List<ActionRecord> records) throws IOException {
        out.writeInt(records.size());
        for (ActionRecord r : records) {
            out.writeByte(r.kind().ordinal());
            out.writeUTF(r.name());
            out.writeLong(r.start());
            out.writeLong(r.end());
            writeString(out, r.call());
            writeString(out, r.media());
            writeMap(out, r.data());
        }
    }

    public static List<ActionRecord> readRecords(DataInput in) throws IOException {
        int n = in.readInt();
        List<ActionRecord> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new ActionRecord(ActionRecord.Kind.values()[in.readUnsignedByte()], in.readUTF(), in.readLong(),
                    in.readLong(), readString(in), readString(in), readMap(in)));
        }
        return list;
    }

    static void writeRunning(DataOutput out, List<RunningAction> running) throws IOException {
        out.writeInt(running.size());
        for (RunningAction r : running) {
            out.writeUTF(r.name());
            out.writeLong(r.start());
            writeString(out, r.call());
            writeString(out, r.media());
        }
    }

    static List<RunningAction> readRunning(DataInput in) throws IOException {
        int n = in.readInt();
        List<RunningAction> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new RunningAction(in.readUTF(), in.readLong(), readString(in), readString(in)));
        }
        return list;
    }

    public static final GridCodec<AgentState> AGENT = new Codec<>(1001, AgentState.class) {
        @Override
        public void write(DataOutput out, AgentState a) throws IOException {
            writeAgent(out, a, VERSION);
        }

        @Override
        public AgentState read(DataInput in) throws IOException {
            int version = version(in, "agent");
            AgentState a = new AgentState(in.readUTF(), in.readUTF());
            a.place = readString(in);
            a.status = in.readUTF();
            a.statusSince = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                a.endpoints.put(in.readUTF(), readEndpoint(in, version));
            }
            a.history = ActionHistory.read(in);
            a.applied.read(in);
            return a;
        }
    };

    static void writeAgent(DataOutput out, AgentState a, int version) throws IOException {
        out.writeByte(version);
        out.writeUTF(a.tenant);
        out.writeUTF(a.id);
        writeString(out, a.place);
        out.writeUTF(a.status);
        out.writeLong(a.statusSince);
        out.writeInt(a.endpoints.size());
        for (var e : a.endpoints.entrySet()) {
            out.writeUTF(e.getKey());
            writeEndpoint(out, e.getValue(), version);
        }
        a.history.write(out);
        a.applied.write(out);
    }

    public static final GridCodec<DnState> DN = new Codec<>(1002, DnState.class) {
        @Override
        public void write(DataOutput out, DnState d) throws IOException {
            out.writeByte(VERSION);
            out.writeUTF(d.tenant);
            writeEndpoint(out, d.endpoint);
            d.applied.write(out);
        }

        @Override
        public DnState read(DataInput in) throws IOException {
            int version = version(in, "dn");
            DnState d = new DnState(in.readUTF(), readEndpoint(in, version));
            d.applied.read(in);
            return d;
        }
    };

    public static final GridCodec<QueueState> QUEUE = new Codec<>(1003, QueueState.class) {
        @Override
        public void write(DataOutput out, QueueState q) throws IOException {
            out.writeByte(VERSION);
            out.writeUTF(q.tenant);
            out.writeUTF(q.id);
            out.writeInt(q.waiting.size());
            for (QueueState.Waiting w : q.waiting.values()) {
                out.writeUTF(w.call);
                out.writeLong(w.queuedAt);
                out.writeUTF(w.media);
                writeMap(out, w.data);
            }
            q.history.write(out);
            q.applied.write(out);
        }

        @Override
        public QueueState read(DataInput in) throws IOException {
            version(in, "queue");
            QueueState q = new QueueState(in.readUTF(), in.readUTF());
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                QueueState.Waiting w = new QueueState.Waiting(in.readUTF(), in.readLong(), in.readUTF());
                readMap(in, w.data);
                q.waiting.put(w.call, w);
            }
            q.history = ActionHistory.read(in);
            q.applied.read(in);
            return q;
        }
    };

    static void writeContribution(DataOutput out, PlaceState.Contribution c) throws IOException {
        out.writeInt(c.endpoints().size());
        for (ObjectState.EndpointStatus s : c.endpoints()) {
            writeString(out, s.dn());
            out.writeUTF(s.media());
            out.writeUTF(s.status());
            writeLongOrNull(out, s.since());
            writeString(out, s.call());
        }
        writeRunning(out, c.running());
        out.writeInt(c.timeline().size());
        for (var e : c.timeline().entrySet()) {
            out.writeLong(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    static PlaceState.Contribution readContribution(DataInput in) throws IOException {
        int n = in.readInt();
        List<ObjectState.EndpointStatus> eps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            eps.add(new ObjectState.EndpointStatus(readString(in), in.readUTF(), in.readUTF(), readLongOrNull(in),
                    readString(in)));
        }
        List<RunningAction> running = readRunning(in);
        int t = in.readInt();
        if (t < 0) {
            throw new IOException("negative timeline size " + t);
        }
        java.util.TreeMap<Long, String> timeline = new java.util.TreeMap<>();
        for (int i = 0; i < t; i++) {
            timeline.put(in.readLong(), in.readUTF().intern());
        }
        return new PlaceState.Contribution(eps, running, timeline);
    }

    public static final GridCodec<PlaceState.Contribution> CONTRIBUTION = new Codec<>(1005,
            PlaceState.Contribution.class) {
        @Override
        public void write(DataOutput out, PlaceState.Contribution c) throws IOException {
            out.writeByte(VERSION);
            writeContribution(out, c);
        }

        @Override
        public PlaceState.Contribution read(DataInput in) throws IOException {
            version(in, "place contribution");
            return readContribution(in);
        }
    };

    public static final GridCodec<PlaceState> PLACE = new Codec<>(1004, PlaceState.class) {
        @Override
        public void write(DataOutput out, PlaceState p) throws IOException {
            out.writeByte(VERSION);
            out.writeUTF(p.tenant);
            out.writeUTF(p.id);
            out.writeUTF(p.status);
            out.writeLong(p.statusSince);
            out.writeInt(p.agents.size());
            for (var e : p.agents.entrySet()) {
                out.writeUTF(e.getKey());
                writeContribution(out, e.getValue());
            }
            p.history.write(out);
            p.applied.write(out);
        }

        @Override
        public PlaceState read(DataInput in) throws IOException {
            version(in, "place");
            PlaceState p = new PlaceState(in.readUTF(), in.readUTF());
            p.status = in.readUTF();
            p.statusSince = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                p.agents.put(in.readUTF(), readContribution(in));
            }
            p.history = ActionHistory.read(in);
            p.applied.read(in);
            return p;
        }
    };

    public static final GridCodec<CallTrack> CALL = new Codec<>(1006, CallTrack.class) {
        @Override
        public void write(DataOutput out, CallTrack c) throws IOException {
            out.writeByte(VERSION);
            writeMap(out, c.data);
            out.writeInt(c.queuedAt.size());
            for (var e : c.queuedAt.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            writeString(out, c.distributedFrom);
            out.writeLong(c.distributedQueuedAt);
            out.writeBoolean(c.answered);
            c.applied.write(out);
        }

        @Override
        public CallTrack read(DataInput in) throws IOException {
            version(in, "call");
            CallTrack c = new CallTrack();
            readMap(in, c.data);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                c.queuedAt.put(in.readUTF(), in.readLong());
            }
            c.distributedFrom = readString(in);
            c.distributedQueuedAt = in.readLong();
            c.answered = in.readBoolean();
            c.applied.read(in);
            return c;
        }
    };

    public static final GridCodec<CallTrack.Info> CALL_INFO = new Codec<>(1007, CallTrack.Info.class) {
        @Override
        public void write(DataOutput out, CallTrack.Info i) throws IOException {
            writeMap(out, i.data());
            writeString(out, i.answeredQueue());
            out.writeLong(i.queuedAt());
            writeString(out, i.media());
        }

        @Override
        public CallTrack.Info read(DataInput in) throws IOException {
            return new CallTrack.Info(readMap(in), readString(in), in.readLong(), readString(in));
        }
    };

    /** Base of the codecs: id and class. */
    public abstract static class Codec<T> implements GridCodec<T> {
        private final int typeId;
        private final Class<T> type;

        protected Codec(int typeId, Class<T> type) {
            this.typeId = typeId;
            this.type = type;
        }

        @Override
        public int typeId() {
            return typeId;
        }

        @Override
        public Class<T> type() {
            return type;
        }
    }
}
