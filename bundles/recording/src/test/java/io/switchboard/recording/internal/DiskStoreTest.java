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
import java.util.Random;
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
        SegmentFiles files = new SegmentFiles(store, vault);
        // chunks as a media server makes them: 200 ms of frames (10 x 328 bytes)
        byte[] chunk = new byte[SyntheticAudio.frameBytes(20) * 10];
        new Random(1).nextBytes(chunk);
        int filesCount = 20;
        int chunksPerFile = 500;
        long t0 = System.nanoTime();
        for (int f = 0; f < filesCount; f++) {
            SegmentWriter w = files.open("acme/t/" + f + ".sbr", "acme");
            for (int c = 0; c < chunksPerFile; c++) {
                w.write(chunk);
            }
            w.close();
        }
        double writeS = (System.nanoTime() - t0) / 1e9;
        double mb = (double) filesCount * chunksPerFile * chunk.length / (1 << 20);
        t0 = System.nanoTime();
        for (int f = 0; f < filesCount; f++) {
            try (InputStream in = store.open("acme/t/" + f + ".sbr")) {
                assertEquals(chunksPerFile, SealedFile.read(in, "t", vault, chunksPerFile, true).chunks().size());
            }
        }
        double readS = (System.nanoTime() - t0) / 1e9;
        double callSeconds = filesCount * chunksPerFile * 0.2;
        System.out.printf("FIGURE storage: %.1f MB sealed and written in %.2f s = %.1f MB/s (%.0f call-seconds of audio,"
                + " %.0f calls in real time); read, authenticated and decrypted at %.1f MB/s%n", mb, writeS,
                mb / writeS, callSeconds, callSeconds / writeS, mb / readS);
    }
}
