package io.switchboard.recording.crypto.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.recording.RecordingCrypto.WrappedKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KeyVaultTest {

    /** Key generation is slow on 2 cores; 2048 bits shows the same behaviour as the default 3072. */
    private static final int BITS = 2048;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static Path keystore;
    private static KeyVault vault;

    @BeforeClass
    public static void keys() throws IOException {
        keystore = TMP.getRoot().toPath().resolve("keys.p12");
        vault = new KeyVault(keystore, "s3cret".toCharArray(), true, BITS);
    }

    private static SecretKey fileKey() throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        return g.generateKey();
    }

    private static void assertRefused(String expected, Runnable r) {
        try {
            r.run();
            fail("expected a refusal: " + expected);
        } catch (SwitchboardException e) {
            assertEquals(500, e.code());
            assertEquals("key", e.detail());
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    @Test
    public void aWrappedFileKeyUnwrapsToTheSameKeyAndIsNotTheKeyInClear() throws Exception {
        SecretKey key = fileKey();
        WrappedKey w = vault.wrap("acme", key);
        assertEquals(KeyVault.keyId(vault.publicKey("acme")), w.keyId());
        assertFalse(new String(w.wrapped(), "ISO-8859-1").contains(new String(key.getEncoded(), "ISO-8859-1")));
        assertArrayEquals(key.getEncoded(), vault.unwrap("acme", w).getEncoded());
    }

    @Test
    public void eachTenantHasItsOwnKeyPair() throws Exception {
        WrappedKey w = vault.wrap("acme", fileKey());
        assertFalse(w.keyId().equals(vault.wrap("globex", fileKey()).keyId()));
        assertRefused("wrong key", () -> vault.unwrap("globex", w));
    }

    @Test
    public void anotherKeystoresKeyOfTheTenantIsNamedAsTheWrongKey() throws Exception {
        WrappedKey w = vault.wrap("acme", fileKey());
        KeyVault other = new KeyVault(TMP.getRoot().toPath().resolve("other.p12"), "x".toCharArray(), true, BITS);
        other.publicKey("acme");
        assertRefused("wrong key: the recording was encrypted for key " + w.keyId(), () -> other.unwrap("acme", w));
    }

    @Test
    public void anAlteredWrappedKeyDoesNotUnwrap() throws Exception {
        byte[] bytes = vault.wrap("acme", fileKey()).wrapped();
        bytes[10] ^= 1;
        WrappedKey altered = new WrappedKey(KeyVault.keyId(vault.publicKey("acme")), bytes);
        assertRefused("does not unwrap", () -> vault.unwrap("acme", altered));
    }

    @Test
    public void aMissingKeyPairIsAClearErrorOnBothSides() throws Exception {
        WrappedKey w = vault.wrap("acme", fileKey());
        KeyVault empty = new KeyVault(TMP.getRoot().toPath().resolve("empty.p12"), "x".toCharArray(), false, BITS);
        assertRefused("holds no private key for tenant 'acme'", () -> empty.unwrap("acme", w));
        SecretKey k = fileKey();
        assertRefused("has no key pair for tenant 'acme'", () -> empty.wrap("acme", k));
    }

    @Test
    public void theKeystoreKeepsTheKeyPairAcrossARestart() throws Exception {
        SecretKey key = fileKey();
        WrappedKey w = vault.wrap("acme", key);
        KeyVault again = new KeyVault(keystore, "s3cret".toCharArray(), false, BITS);
        assertArrayEquals(key.getEncoded(), again.unwrap("acme", w).getEncoded());
        assertTrue(Files.size(keystore) > 0);
    }

    @Test
    public void aWrongKeystorePasswordIsRefused() throws Exception {
        vault.publicKey("acme");
        try {
            new KeyVault(keystore, "guess".toCharArray(), false, BITS);
            fail("opened with a wrong password");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("cannot be opened"));
        }
    }
}
