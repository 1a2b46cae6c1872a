package io.switchboard.recording.crypto.internal;

import io.switchboard.api.recording.RecordingCrypto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording crypto service: its own PKCS12 keystore of tenant key pairs. Every node runs
 * one (active-active: nothing is shared at run time, each answers alone); in a cluster give
 * each the same keystore file and password.
 */
@Component(name = "io.switchboard.recording.crypto", service = RecordingCrypto.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CryptoComponent.Config.class)
public class CryptoComponent implements RecordingCrypto {

    @ObjectClassDefinition(name = "Switchboard recording crypto service")
    public @interface Config {
        @AttributeDefinition(description = "PKCS12 keystore of the tenants' RSA key pairs (alias recording-<tenant>); relative to karaf.data")
        String keystore() default "recording/keys.p12";

        @AttributeDefinition(description = "Keystore password; empty: a random one kept beside the keystore in <keystore>.pass, readable by its owner only")
        String password() default "";

        @AttributeDefinition(description = "Make a key pair for a tenant that has none when its first call is recorded")
        boolean generateMissing() default true;

        @AttributeDefinition(description = "RSA key size of generated key pairs")
        int keySize() default 3072;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CryptoComponent.class);

    private KeyVault vault;

    @Activate
    void activate(Config config) throws IOException {
        Path file = Paths.get(System.getProperty("karaf.data", "data")).resolve(config.keystore());
        Files.createDirectories(file.toAbsolutePath().getParent());
        char[] password = config.password().isEmpty() ? passwordFile(file) : config.password().toCharArray();
        vault = new KeyVault(file, password, config.generateMissing(), config.keySize());
        LOG.info("Recording crypto service on keystore {}", file);
    }

    private static char[] passwordFile(Path keystore) throws IOException {
        Path p = keystore.resolveSibling(keystore.getFileName() + ".pass");
        if (!Files.exists(p)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.writeString(p, Base64.getEncoder().encodeToString(random), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                LOG.warn("Cannot restrict the permissions of {}", p);
            }
        }
        return Files.readString(p, StandardCharsets.US_ASCII).trim().toCharArray();
    }

    @Override
    public WrappedKey wrap(String tenant, SecretKey fileKey) {
        return vault.wrap(tenant, fileKey);
    }

    @Override
    public SecretKey unwrap(String tenant, WrappedKey key) {
        return vault.unwrap(tenant, key);
    }
}
