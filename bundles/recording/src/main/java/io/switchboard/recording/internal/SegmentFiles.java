package io.switchboard.recording.internal;

import java.io.IOException;
import java.io.OutputStream;
import io.switchboard.api.recording.RecordingCrypto;
import io.switchboard.api.recording.RecordingCrypto.WrappedKey;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.crypto.SecretKey;

/** Names segment files and opens them encrypted for their tenant: nothing reaches the store in clear. */
final class SegmentFiles {

    private final RecordingStore store;
    private final RecordingCrypto crypto;

    SegmentFiles(RecordingStore store, RecordingCrypto crypto) {
        this.store = store;
        this.crypto = crypto;
    }

    RecordingStore store() {
        return store;
    }

    RecordingCrypto crypto() {
        return crypto;
    }

    static String name(String tenant, String recordingId, int segment, long start) {
        String day = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate().toString();
        return safe(tenant) + "/" + day + "/" + recordingId + "-" + segment + ".sbr";
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    SegmentWriter open(String name, String tenant) throws IOException {
        // wrapped before the file exists: a tenant without a key pair leaves no empty file behind
        SecretKey key = SealedFile.newKey();
        WrappedKey wrapped = crypto.wrap(tenant, key);
        OutputStream out = store.create(name);
        try {
            return SealedFile.writer(out, tenant, key, wrapped);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
