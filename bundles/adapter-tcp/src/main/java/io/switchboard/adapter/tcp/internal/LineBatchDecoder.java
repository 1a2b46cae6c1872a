package io.switchboard.adapter.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;

/**
 * Splits what one read brought into its complete lines and passes them on as one list, so that a
 * stream costs one Camel exchange per read instead of one per event (the per-exchange overhead was
 * most of the port's cost). A trailing {@code \r} is dropped; a line still without its newline
 * after {@code maxLineBytes} is passed on whole, for the session to refuse with an error.
 */
final class LineBatchDecoder extends ByteToMessageDecoder {

    /** Camel builds one decoder per connection through this factory (the decoder keeps state). */
    static final class Factory extends DefaultChannelHandlerFactory {
        private final int maxLineBytes;

        Factory(int maxLineBytes) {
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public ChannelHandler newChannelHandler() {
            return new LineBatchDecoder(maxLineBytes);
        }
    }

    private final int maxLineBytes;

    LineBatchDecoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        List<String> lines = null;
        while (in.isReadable()) {
            int start = in.readerIndex();
            int eol = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (eol < 0) {
                if (in.readableBytes() > maxLineBytes) {
                    lines = add(lines, in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8).toString());
                }
                break;
            }
            int end = eol > start && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
            lines = add(lines, in.toString(start, end - start, StandardCharsets.UTF_8));
            in.readerIndex(eol + 1);
        }
        if (lines != null) {
            out.add(lines);
        }
    }

    private static List<String> add(List<String> lines, String line) {
        List<String> l = lines == null ? new ArrayList<>() : lines;
        l.add(line);
        return l;
    }
}
