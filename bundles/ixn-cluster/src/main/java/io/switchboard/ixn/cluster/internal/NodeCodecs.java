package io.switchboard.ixn.cluster.internal;

import io.switchboard.api.grid.GridCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The grid's wire form of node calls and their replies (explicit, never Java serialization). Type ids 1600–1609. */
final class NodeCodecs {

    private static final int VERSION = 1;

    private NodeCodecs() {
    }

    static List<GridCodec<?>> all() {
        return List.of(CALL, REPLY);
    }

    static final GridCodec<NodeCall> CALL = new GridCodec<>() {
        @Override
        public int typeId() {
            return 1600;
        }

        @Override
        public Class<NodeCall> type() {
            return NodeCall.class;
        }

        @Override
        public void write(DataOutput out, NodeCall c) throws IOException {
            out.writeByte(VERSION);
            text(out, c.node);
            text(out, c.method);
            out.writeInt(c.arity);
            text(out, c.args);
        }

        @Override
        public NodeCall read(DataInput in) throws IOException {
            version(in);
            return new NodeCall(text(in), text(in), in.readInt(), text(in));
        }
    };

    static final GridCodec<NodeReply> REPLY = new GridCodec<>() {
        @Override
        public int typeId() {
            return 1601;
        }

        @Override
        public Class<NodeReply> type() {
            return NodeReply.class;
        }

        @Override
        public void write(DataOutput out, NodeReply r) throws IOException {
            out.writeByte(VERSION);
            out.writeByte(r.kind());
            text(out, r.json());
            out.writeInt(r.code());
            out.writeInt(r.status());
            text(out, r.error());
            text(out, r.detail());
        }

        @Override
        public NodeReply read(DataInput in) throws IOException {
            version(in);
            return new NodeReply(in.readByte(), text(in), in.readInt(), in.readInt(), text(in), text(in));
        }
    };

    private static void version(DataInput in) throws IOException {
        int v = in.readByte();
        if (v != VERSION) {
            throw new IOException("node call codec version " + v + " unknown");
        }
    }

    /** Length-prefixed UTF-8, -1 for null: answers (a snapshot of a queue) outgrow writeUTF's 64 KiB. */
    private static void text(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
