package io.switchboard.recording.internal;

import io.switchboard.api.grid.GridCodec;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingProfile;
import io.switchboard.api.recording.RecordingRules;
import io.switchboard.api.recording.Segment;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The grid's wire form of the recording state (explicit, never Java serialization). Type ids 1500–1509. */
final class RecordingCodecs {

    private static final int VERSION = 1;

    private RecordingCodecs() {
    }

    static List<GridCodec<?>> all() {
        return List.of(RECORDING, RULES);
    }

    static final GridCodec<Recording> RECORDING = new GridCodec<>() {
        @Override
        public int typeId() {
            return 1500;
        }

        @Override
        public Class<Recording> type() {
            return Recording.class;
        }

        @Override
        public void write(DataOutput out, Recording r) throws IOException {
            out.writeByte(VERSION);
            out.writeUTF(r.id());
            out.writeUTF(r.tenant());
            out.writeUTF(r.call());
            str(out, r.agent());
            str(out, r.dn());
            str(out, r.queue());
            out.writeLong(r.start());
            out.writeLong(r.end() == null ? Long.MIN_VALUE : r.end());
            out.writeUTF(r.state());
            out.writeBoolean(r.encrypted());
            str(out, r.manager());
            out.writeInt(r.dns().size());
            for (String d : r.dns()) {
                out.writeUTF(d);
            }
            out.writeInt(r.segments().size());
            for (Segment s : r.segments()) {
                out.writeInt(s.index());
                out.writeUTF(s.mediaServer());
                out.writeLong(s.start());
                out.writeLong(s.end() == null ? Long.MIN_VALUE : s.end());
                out.writeLong(s.gapMillis());
                out.writeUTF(s.file());
                out.writeLong(s.bytes());
                out.writeInt(s.chunks());
                out.writeBoolean(s.complete());
            }
        }

        @Override
        public Recording read(DataInput in) throws IOException {
            int v = in.readByte();
            if (v != VERSION) {
                throw new IOException("recording codec version " + v + " unknown");
            }
            String id = in.readUTF();
            String tenant = in.readUTF();
            String call = in.readUTF();
            String agent = str(in);
            String dn = str(in);
            String queue = str(in);
            long start = in.readLong();
            long end = in.readLong();
            String state = in.readUTF();
            boolean encrypted = in.readBoolean();
            String manager = str(in);
            int nd = in.readInt();
            List<String> dns = new ArrayList<>(nd);
            for (int i = 0; i < nd; i++) {
                dns.add(in.readUTF());
            }
            int ns = in.readInt();
            List<Segment> segs = new ArrayList<>(ns);
            for (int i = 0; i < ns; i++) {
                int index = in.readInt();
                String ms = in.readUTF();
                long s = in.readLong();
                long e = in.readLong();
                segs.add(new Segment(index, ms, s, e == Long.MIN_VALUE ? null : e, in.readLong(), in.readUTF(),
                        in.readLong(), in.readInt(), in.readBoolean()));
            }
            return new Recording(id, tenant, call, agent, dn, queue, start, end == Long.MIN_VALUE ? null : end, state,
                    segs, encrypted, manager, dns);
        }
    };

    static final GridCodec<RecordingRules> RULES = new GridCodec<>() {
        @Override
        public int typeId() {
            return 1501;
        }

        @Override
        public Class<RecordingRules> type() {
            return RecordingRules.class;
        }

        @Override
        public void write(DataOutput out, RecordingRules r) throws IOException {
            out.writeByte(VERSION);
            list(out, r.queues());
            list(out, r.agents());
            out.writeDouble(r.percentage());
            str(out, r.profile().pool());
            out.writeBoolean(r.profile().pauseOnHold());
        }

        @Override
        public RecordingRules read(DataInput in) throws IOException {
            int v = in.readByte();
            if (v != VERSION) {
                throw new IOException("recording rules codec version " + v + " unknown");
            }
            List<String> queues = list(in);
            List<String> agents = list(in);
            double pct = in.readDouble();
            return new RecordingRules(queues, agents, pct, new RecordingProfile(str(in), in.readBoolean()));
        }
    };

    private static void str(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String str(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void list(DataOutput out, List<String> l) throws IOException {
        out.writeInt(l.size());
        for (String s : l) {
            out.writeUTF(s);
        }
    }

    private static List<String> list(DataInput in) throws IOException {
        int n = in.readInt();
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(in.readUTF());
        }
        return l;
    }
}
