package io.switchboard.recording.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.recording.crypto.internal.KeyVault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DiskStoreTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void filesGoUnderTheRootInTheirTenantsDirectory() throws IOException {
        DiskStore store = new DiskStore(tmp.getRoot().toPath().resolve("store"));
        String name = SegmentFiles.name("ac/me", "rec-1", 0, 0);
        assertEquals("ac_me/1970-01-01/rec-1-0.sbr", name);
        try (OutputStream out = store.create(name)) {
            out.write(new byte[] {1, 2, 3});
        }
        assertTrue(store.exists(name));
        try (InputStream in = store.open(name)) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
        assertTrue(Files.exists(store.root().resolve("ac_me/1970-01-01/rec-1-0.sbr")));
    }

    @Test
    public void aFileIsNeverOverwrittenNorWrittenOutsideTheRoot() throws IOException {
        DiskStore store = new DiskStore(tmp.getRoot().toPath().resolve("store"));
        store.create("a/b.sbr").close();
        try {
            store.create("a/b.sbr");
            fail("overwrote a segment file");
        } catch (FileAlreadyExistsException expected) {
            // a second writer of one segment must not erase the first
        }
        try {
            store.create("../escape.sbr");
            fail("wrote outside the store");
        } catch (IllegalArgumentException expected) {
            assertFalse(Files.exists(tmp.getRoot().toPath().resolve("escape.sbr")));
        }
    }

    @Test
    public void storageThroughputEncryptedOnDisk() throws IOException {
        Path dir = tmp.getRoot().toPath();
        KeyVault vault = new KeyVault(dir.resolve("k.p12"), "t".toCharArray(), true, Fixture.KEY_BITS);
        DiskStore store = new DiskStore(dir.resolve("store"));
        // chunks as a media server makes them by default: 200 ms of frames (10 x 328 bytes)
        Fixture.printThroughput("disk", store, vault, 20, 500, 200);
    }
}
