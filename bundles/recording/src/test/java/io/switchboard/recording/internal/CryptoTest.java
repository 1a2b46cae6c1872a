package io.switchboard.recording.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.recording.RecordingCrypto;
import io.switchboard.recording.crypto.internal.KeyVault;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CryptoTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static KeyVault vault;
    private static Path keystore;

    @BeforeClass
    public static void keys() throws IOException {
        keystore = TMP.getRoot().toPath().resolve("keys.p12");
        vault = new KeyVault(keystore, "s3cret".toCharArray(), true, Fixture.KEY_BITS);
        vault.publicKey("acme");
    }

    private static final List<byte[]> CHUNKS = List.of(
            "the first chunk of a call".getBytes(StandardCharsets.UTF_8),
            "the second chunk of the same call".getBytes(StandardCharsets.UTF_8),
            "and a third".getBytes(StandardCharsets.UTF_8));

    private static byte[] sealed(boolean close) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SegmentWriter w = SealedFile.writer(out, "acme", vault);
        for (byte[] c : CHUNKS) {
            w.write(c);
        }
        if (close) {
            w.close();
        } else {
            w.abort();
        }
        return out.toByteArray();
    }

    private static SealedFile.Content read(byte[] file, RecordingCrypto keys, boolean complete) {
        return SealedFile.read(new ByteArrayInputStream(file), "test.sbr", keys, CHUNKS.size(), complete);
    }

    private static void assertRefused(String expected, Runnable r) {
        try {
            r.run();
            fail("expected a refusal: " + expected);
        } catch (SwitchboardException e) {
            assertEquals(500, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    @Test
    public void aSealedFileReadsBackChunkByChunkAndHoldsNothingInClear() throws IOException {
        byte[] file = sealed(true);
        SealedFile.Content c = read(file, vault, true);
        assertTrue(c.complete());
        assertEquals(CHUNKS.size(), c.chunks().size());
        for (int i = 0; i < CHUNKS.size(); i++) {
            assertArrayEquals(CHUNKS.get(i), c.chunks().get(i));
        }
        String raw = new String(file, StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("chunk"));
        assertFalse(raw.contains("call"));
    }

    @Test
    public void twoFilesOfOneTenantHaveTheirOwnKeys() throws IOException {
        byte[] a = sealed(true);
        byte[] b = sealed(true);
        // same plaintext, different file keys and nonces: nothing after the header repeats
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, a.length - 40, a.length),
                Arrays.copyOfRange(b, b.length - 40, b.length)));
    }

    @Test
    public void anAlteredByteFailsItsChunksTag() throws IOException {
        byte[] file = sealed(true);
        file[file.length - 60] ^= 1;
        assertRefused("fails its authentication tag", () -> read(file, vault, true));
    }

    @Test
    public void aRemovedChunkIsDetected() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SegmentWriter w = SealedFile.writer(out, "acme", vault);
        w.write(CHUNKS.get(0));
        int afterFirst = out.size();
        w.write(CHUNKS.get(1));
        int afterSecond = out.size();
        w.write(CHUNKS.get(2));
        w.close();
        byte[] full = out.toByteArray();
        byte[] cut = new byte[full.length - (afterSecond - afterFirst)];
        System.arraycopy(full, 0, cut, 0, afterFirst);
        System.arraycopy(full, afterSecond, cut, afterFirst, full.length - afterSecond);
        assertRefused("fails its authentication tag", () -> read(cut, vault, true));
    }

    @Test
    public void aCompleteFileCutBeforeItsFinalChunkIsDetected() throws IOException {
        byte[] file = sealed(false);
        assertRefused("final chunk is missing", () -> read(file, vault, true));
        // the same file is fine as what a dying media server left: all announced chunks are there
        assertEquals(CHUNKS.size(), read(file, vault, false).chunks().size());
        byte[] shorter = Arrays.copyOf(file, file.length - 5);
        assertRefused("cut short", () -> read(shorter, vault, false));
    }

    @Test
    public void anotherKeyOfTheTenantIsNamedAsTheWrongKey() throws IOException {
        byte[] file = sealed(true);
        KeyVault other = new KeyVault(TMP.getRoot().toPath().resolve("other.p12"), "x".toCharArray(), true,
                Fixture.KEY_BITS);
        other.publicKey("acme");
        assertRefused("wrong key", () -> read(file, other, true));
    }

    @Test
    public void aMissingPrivateKeyIsAClearError() throws IOException {
        byte[] file = sealed(true);
        KeyVault empty = new KeyVault(TMP.getRoot().toPath().resolve("empty.p12"), "x".toCharArray(), false,
                Fixture.KEY_BITS);
        assertRefused("holds no private key for tenant 'acme'", () -> read(file, empty, true));
    }
}
