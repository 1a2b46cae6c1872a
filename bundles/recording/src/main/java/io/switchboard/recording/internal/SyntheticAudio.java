package io.switchboard.recording.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stream a media server records, as there is no RTP here: 8 kHz 16-bit mono PCM in frames
 * of {@code frameMillis}, each frame prefixed by its wall-clock start (epoch ms, 8 bytes), so a
 * segment says exactly which moments it holds. The sound follows the call's events: while the
 * parties talk, a tone whose pitch comes from the call id (two calls never sound alike in a
 * test); while held and not paused, the beeps of a hold tone. The sample phase runs from the
 * call's start, so frames of two segments join without a click.
 */
final class SyntheticAudio {

    static final int RATE = 8000;
    static final int HEADER = 8;
    /** One frame length for every media server, so that playback needs no per-file setting. */
    static final int FRAME_MILLIS = 20;

    private SyntheticAudio() {
    }

    static int samples(int frameMillis) {
        return RATE * frameMillis / 1000;
    }

    static int frameBytes(int frameMillis) {
        return HEADER + 2 * samples(frameMillis);
    }

    static double pitch(String call) {
        return 300 + Math.floorMod(call.hashCode(), 500);
    }

    /** Appends the frame that starts at {@code at} (wall clock) of a call that started at {@code callStart}. */
    static void frame(ByteBuffer out, String call, long callStart, long at, int frameMillis, boolean held) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(at);
        int n = samples(frameMillis);
        long first = (at - callStart) * RATE / 1000;
        double f = held ? 440 : pitch(call);
        for (int i = 0; i < n; i++) {
            long s = first + i;
            boolean on = !held || (s / (RATE / 4)) % 2 == 0;
            double v = on ? Math.sin(2 * Math.PI * f * s / RATE) * 8000 : 0;
            out.putShort((short) v);
        }
    }

    /** The frame start times in a segment's plaintext. */
    static long[] times(byte[] plain, int frameMillis) {
        int size = frameBytes(frameMillis);
        long[] t = new long[plain.length / size];
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.length; i++) {
            t[i] = b.getLong(i * size);
        }
        return t;
    }
}
