package io.switchboard.recording.internal;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingCrypto;
import io.switchboard.api.recording.Segment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;

/**
 * A recording back as one WAV file: each segment decrypted and authenticated, its frames put at
 * their moment from the recording's start; what no media server recorded (a failover gap, a
 * pause on hold) is silence, so the audio is as long as the call was.
 */
final class Playback {

    private static final int FRAME = SyntheticAudio.FRAME_MILLIS;
    /** One hour of audio at most in one answer (57 MB). */
    static final long MAX_MILLIS = 3_600_000;

    private Playback() {
    }

    static byte[] wav(Recording r, RecordingStore store, RecordingCrypto keys, long now) {
        long end = r.end() != null ? r.end() : now;
        long millis = Math.min(MAX_MILLIS, Math.max(0, end - r.start()));
        int samples = (int) (millis * SyntheticAudio.RATE / 1000);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        int frameSamples = SyntheticAudio.samples(FRAME);
        for (Segment s : r.segments()) {
            byte[] plain = decrypt(s, store, keys);
            ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
            int size = SyntheticAudio.frameBytes(FRAME);
            for (int off = 0; off + size <= plain.length; off += size) {
                long at = b.getLong(off);
                long first = (at - r.start()) * SyntheticAudio.RATE / 1000;
                for (int i = 0; i < frameSamples; i++) {
                    long pos = first + i;
                    if (pos >= 0 && pos < samples) {
                        pcm.putShort((int) pos * 2, b.getShort(off + SyntheticAudio.HEADER + 2 * i));
                    }
                }
            }
        }
        return wav(pcm.array());
    }

    static byte[] decrypt(Segment s, RecordingStore store, RecordingCrypto keys) {
        try (InputStream in = store.open(s.file())) {
            return SealedFile.read(in, s.file(), keys, s.chunks(), s.complete()).plain();
        } catch (NoSuchFileException e) {
            throw new SwitchboardException(500, "segment " + s.index() + " is missing from the store: " + s.file(),
                    "store");
        } catch (IOException e) {
            throw new SwitchboardException(500, "segment " + s.index() + " cannot be read: " + e.getMessage(),
                    "store");
        }
    }

    private static byte[] wav(byte[] pcm) {
        ByteBuffer h = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + pcm.length)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(SyntheticAudio.RATE).putInt(SyntheticAudio.RATE * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(pcm.length).put(pcm);
        return h.array();
    }
}
