package io.switchboard.api.recording;

import javax.crypto.SecretKey;

/**
 * The recording crypto service (its own bundle and keystore; one on every node, active-active):
 * wraps a segment file's AES key with the tenant's RSA public key when the file is started, and
 * unwraps it with the private key, which never leaves the service, for an authorised playback.
 * Failures are {@link io.switchboard.api.SwitchboardException}s with code 500 and detail
 * {@code key}: no key pair for the tenant, a file encrypted for another key than the one held,
 * a wrapped key that does not unwrap.
 */
public interface RecordingCrypto {

    /** A file key wrapped for a tenant, and the id of the public key that wrapped it. */
    record WrappedKey(String keyId, byte[] wrapped) {

        public WrappedKey {
            wrapped = wrapped.clone();
        }

        @Override
        public byte[] wrapped() {
            return wrapped.clone();
        }
    }

    /** Wraps {@code fileKey} with the tenant's public key (made first when the service may make missing ones). */
    WrappedKey wrap(String tenant, SecretKey fileKey);

    /** The file key back; refused with a message naming the tenant and the key when it cannot be. */
    SecretKey unwrap(String tenant, WrappedKey key);
}
