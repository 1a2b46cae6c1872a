package io.switchboard.recording.internal;

import javax.crypto.SecretKey;

/** What playback needs of the crypto service: a file key unwrapped with the tenant's private key. */
interface KeyUnwrapper {

    SecretKey unwrap(String tenant, String keyId, byte[] wrapped);
}
