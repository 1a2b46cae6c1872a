package io.switchboard.recording.crypto.internal;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.recording.RecordingCrypto;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crypto service's keystore: one RSA key pair per tenant in a PKCS12 file of its own. File
 * keys are wrapped here with the public key and unwrapped (for playback) with the private key,
 * which never leaves this class. Public so that the recording bundle's unit tests seal and read
 * files with the real service; the package is not exported.
 */
public final class KeyVault implements RecordingCrypto {

    /** OAEP with SHA-256 for both the digest and MGF1, spelled out so that no provider default decides. */
    static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);
    static final String RSA = "RSA/ECB/OAEPWithSHA-256AndMGF1Padding";

    private static final Logger LOG = LoggerFactory.getLogger(KeyVault.class);

    private final Path file;
    private final char[] password;
    private final boolean generateMissing;
    private final int keySize;
    private final KeyStore store;

    /**
     * @param generateMissing whether a tenant without a key pair gets one at its first wrap
     * @throws IOException when the keystore exists and does not open (a wrong password among others)
     */
    public KeyVault(Path file, char[] password, boolean generateMissing, int keySize) throws IOException {
        this.file = file;
        this.password = password.clone();
        this.generateMissing = generateMissing;
        this.keySize = keySize;
        try {
            store = KeyStore.getInstance("PKCS12");
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, this.password);
                } catch (IOException e) {
                    // a wrong password comes as an IOException whose cause says so
                    throw new IOException("crypto keystore " + file + " cannot be opened: " + e.getMessage(), e);
                }
            } else {
                store.load(null, null);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("crypto keystore " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    static String alias(String tenant) {
        return "recording-" + tenant.toLowerCase(Locale.ROOT);
    }

    /** Short fingerprint of a public key, written into each file so that a wrong key is named as such. */
    static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tenant's public key; made (and the keystore saved) first when allowed and missing. */
    public synchronized PublicKey publicKey(String tenant) {
        try {
            Certificate cert = store.getCertificate(alias(tenant));
            if (cert != null) {
                return cert.getPublicKey();
            }
            if (!generateMissing) {
                throw new SwitchboardException(500, "the crypto keystore " + file + " has no key pair for tenant '"
                        + tenant + "': its calls cannot be recorded encrypted", "key");
            }
            return generate(tenant).getPublic();
        } catch (GeneralSecurityException | IOException e) {
            throw new SwitchboardException(500, "the crypto keystore failed for tenant '" + tenant + "': "
                    + e.getMessage(), "key");
        }
    }

    private KeyPair generate(String tenant) throws GeneralSecurityException, IOException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(keySize);
        KeyPair pair = g.generateKeyPair();
        Instant now = Instant.now();
        Certificate cert = SelfSignedCertificate.create(pair, "switchboard recording " + tenant,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
        store.setKeyEntry(alias(tenant), pair.getPrivate(), password, new Certificate[] {cert});
        save();
        LOG.info("Recording key pair {} made for tenant {} ({} bits) in {}", keyId(pair.getPublic()), tenant, keySize,
                file);
        return pair;
    }

    private void save() throws GeneralSecurityException, IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            store.store(out, password);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public WrappedKey wrap(String tenant, SecretKey fileKey) {
        PublicKey key = publicKey(tenant);
        try {
            Cipher c = Cipher.getInstance(RSA);
            c.init(Cipher.WRAP_MODE, key, OAEP);
            return new WrappedKey(keyId(key), c.wrap(fileKey));
        } catch (GeneralSecurityException e) {
            throw new SwitchboardException(500, "the file key cannot be wrapped for tenant '" + tenant + "': "
                    + e.getMessage(), "key");
        }
    }

    @Override
    public SecretKey unwrap(String tenant, WrappedKey wrappedKey) {
        String keyId = wrappedKey.keyId();
        PrivateKey priv;
        PublicKey pub;
        synchronized (this) {
            try {
                Key k = store.getKey(alias(tenant), password);
                Certificate cert = store.getCertificate(alias(tenant));
                if (!(k instanceof PrivateKey p) || cert == null) {
                    throw new SwitchboardException(500, "the crypto service holds no private key for tenant '" + tenant
                            + "': the recording cannot be decrypted", "key");
                }
                priv = p;
                pub = cert.getPublicKey();
            } catch (GeneralSecurityException e) {
                throw new SwitchboardException(500, "the crypto keystore cannot give tenant '" + tenant
                        + "''s private key: " + e.getMessage(), "key");
            }
        }
        String held = keyId(pub);
        if (!held.equals(keyId)) {
            throw new SwitchboardException(500, "wrong key: the recording was encrypted for key " + keyId
                    + " of tenant '" + tenant + "', the crypto service holds key " + held, "key");
        }
        try {
            Cipher c = Cipher.getInstance(RSA);
            c.init(Cipher.UNWRAP_MODE, priv, OAEP);
            return (SecretKey) c.unwrap(wrappedKey.wrapped(), "AES", Cipher.SECRET_KEY);
        } catch (GeneralSecurityException e) {
            throw new SwitchboardException(500, "the recording's file key does not unwrap with tenant '" + tenant
                    + "''s private key (wrong key or altered file header)", "key");
        }
    }

    Path file() {
        return file;
    }
}
