package io.switchboard.recording.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Function;

/** Names segment files and opens them encrypted for their tenant: nothing reaches the store in clear. */
final class SegmentFiles {

    private final RecordingStore store;
    private final Function<String, PublicKey> publicKeys;

    SegmentFiles(RecordingStore store, Function<String, PublicKey> publicKeys) {
        this.store = store;
        this.publicKeys = publicKeys;
    }

    RecordingStore store() {
        return store;
    }

    static String name(String tenant, String recordingId, int segment, long start) {
        String day = Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate().toString();
        return safe(tenant) + "/" + day + "/" + recordingId + "-" + segment + ".sbr";
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    SegmentWriter open(String name, String tenant) throws IOException {
        PublicKey key = publicKeys.apply(tenant);
        OutputStream out = store.create(name);
        try {
            return SealedFile.writer(out, tenant, key);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
