package io.switchboard.recording.internal;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.recording.RecordingCrypto;
import io.switchboard.api.recording.RecordingCrypto.WrappedKey;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The encrypted form of a segment file. A header names the tenant and the key id, carries the
 * file's AES-256 key wrapped with the tenant's RSA public key and an 8-byte nonce prefix; then
 * come chunks, each sealed on its own with AES-256-GCM under a nonce of prefix + chunk number
 * and an associated data of (header digest, chunk number, final flag). Sealing chunk by chunk
 * keeps what a media server wrote before it died readable; the chunk number and the final flag
 * in the authenticated data make a reordered, removed, altered or cut-off chunk fail.
 *
 * <pre>
 * "SBRC" version(1) utf(tenant) utf(keyId) u16(wrappedLength) wrapped nonce-prefix(8)
 * { i32(length | FINAL bit) ciphertext+tag(length) }*
 * </pre>
 */
final class SealedFile {

    private static final byte[] MAGIC = "SBRC".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int FINAL = 0x80000000;
    private static final int TAG_BITS = 128;
    private static final int MAX_CHUNK = 16 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedFile() {
    }

    /** A fresh AES-256 key for one file. */
    static SecretKey newKey() {
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES");
            g.init(256, RANDOM);
            return g.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make AES-256 keys", e);
        }
    }

    /** Starts a file on {@code out} under {@code key}, wrapped for {@code tenant}; the header is written at once. */
    static SegmentWriter writer(OutputStream out, String tenant, SecretKey key, WrappedKey wrappedKey)
            throws IOException {
        try {
            byte[] wrapped = wrappedKey.wrapped();
            byte[] prefix = new byte[8];
            RANDOM.nextBytes(prefix);
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(header);
            h.write(MAGIC);
            h.write(VERSION);
            h.writeUTF(tenant);
            h.writeUTF(wrappedKey.keyId());
            h.writeShort(wrapped.length);
            h.write(wrapped);
            h.write(prefix);
            byte[] bytes = header.toByteArray();
            OutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
            buffered.write(bytes);
            buffered.flush();
            return new Writer(buffered, key, prefix, digest(bytes), bytes.length);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start an encrypted file: " + e.getMessage(), e);
        }
    }

    /** Starts a file on {@code out} with a fresh key wrapped by the crypto service (tests and tools). */
    static SegmentWriter writer(OutputStream out, String tenant, RecordingCrypto crypto) throws IOException {
        SecretKey key = newKey();
        return writer(out, tenant, key, crypto.wrap(tenant, key));
    }

    private static byte[] digest(byte[] header) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(header);
    }

    private static byte[] nonce(byte[] prefix, long index) {
        return ByteBuffer.allocate(12).put(prefix).putInt((int) index).array();
    }

    private static byte[] aad(byte[] headerDigest, long index, boolean last) {
        return ByteBuffer.allocate(headerDigest.length + 9).put(headerDigest).putLong(index)
                .put((byte) (last ? 1 : 0)).array();
    }

    private static final class Writer implements SegmentWriter {
        private final DataOutputStream out;
        private final byte[] prefix;
        private final byte[] headerDigest;
        private SecretKey key;
        private long index;
        private long bytes;

        Writer(OutputStream out, SecretKey key, byte[] prefix, byte[] headerDigest, long headerBytes) {
            this.out = new DataOutputStream(out);
            this.key = key;
            this.prefix = prefix;
            this.headerDigest = headerDigest;
            this.bytes = headerBytes;
        }

        @Override
        public synchronized void write(byte[] plain) throws IOException {
            seal(plain, false);
        }

        private void seal(byte[] plain, boolean last) throws IOException {
            if (key == null) {
                throw new IOException("segment file already closed");
            }
            byte[] sealed;
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, index)));
                c.updateAAD(aad(headerDigest, index, last));
                sealed = c.doFinal(plain);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot seal chunk " + index + ": " + e.getMessage(), e);
            }
            out.writeInt(sealed.length | (last ? FINAL : 0));
            out.write(sealed);
            out.flush();
            index++;
            bytes += 4 + sealed.length;
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                seal(new byte[0], true);
            } finally {
                key = null;
                out.close();
            }
        }

        @Override
        public synchronized void abort() {
            key = null;
            try {
                out.close();
            } catch (IOException ignored) {
                // the process is "dead": nothing more is written either way
            }
        }

        @Override
        public synchronized long bytes() {
            return bytes;
        }
    }

    /** What a file held: its plaintext chunks and whether it ended with its final chunk. */
    record Content(List<byte[]> chunks, boolean complete) {
        byte[] plain() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            chunks.forEach(all::writeBytes);
            return all.toByteArray();
        }
    }

    /**
     * Reads and authenticates a file. {@code chunks} is how many chunks the metadata says reached
     * the store; {@code complete} whether it says the file was closed. Fewer chunks than that, a
     * missing final chunk on a complete file, bytes after the final chunk, or any chunk failing
     * its tag is an altered file; a torn chunk after the announced ones (a media server died in
     * the middle of a write) is dropped.
     */
    static Content read(InputStream in, String name, RecordingCrypto keys, int chunks, boolean complete) {
        DataInputStream d = new DataInputStream(in);
        String tenant;
        String keyId;
        byte[] wrapped;
        byte[] prefix = new byte[8];
        byte[] headerDigest;
        try {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(header);
            byte[] magic = new byte[4];
            d.readFully(magic);
            int version = d.read();
            if (!Arrays.equals(magic, MAGIC) || version != VERSION) {
                throw altered(name, "it is not an encrypted recording file (bad magic or version)");
            }
            tenant = d.readUTF();
            keyId = d.readUTF();
            int n = d.readUnsignedShort();
            wrapped = new byte[n];
            d.readFully(wrapped);
            d.readFully(prefix);
            h.write(magic);
            h.write(version);
            h.writeUTF(tenant);
            h.writeUTF(keyId);
            h.writeShort(n);
            h.write(wrapped);
            h.write(prefix);
            headerDigest = digest(header.toByteArray());
        } catch (IOException e) {
            throw altered(name, "its header is cut short");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        SecretKey key = keys.unwrap(tenant, new WrappedKey(keyId, wrapped));
        List<byte[]> out = new ArrayList<>();
        boolean sawFinal = false;
        long index = 0;
        while (true) {
            int word;
            try {
                word = d.readInt();
            } catch (EOFException end) {
                break;
            } catch (IOException e) {
                throw new SwitchboardException(500, "recording file " + name + " cannot be read: " + e.getMessage(),
                        "store");
            }
            if (sawFinal) {
                throw altered(name, "it has bytes after its final chunk");
            }
            boolean last = (word & FINAL) != 0;
            int len = word & ~FINAL;
            if (len < TAG_BITS / 8 || len > MAX_CHUNK) {
                throw altered(name, "chunk " + index + " has an impossible length " + len);
            }
            byte[] sealed = new byte[len];
            try {
                d.readFully(sealed);
            } catch (IOException torn) {
                if (index >= chunks && !complete) {
                    break;
                }
                throw altered(name, "chunk " + index + " is cut short");
            }
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, index)));
                c.updateAAD(aad(headerDigest, index, last));
                byte[] plain = c.doFinal(sealed);
                if (!last) {
                    out.add(plain);
                }
            } catch (AEADBadTagException e) {
                throw altered(name, "chunk " + index + " fails its authentication tag");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            sawFinal = last;
            index++;
        }
        if (out.size() < chunks) {
            throw altered(name, "it holds " + out.size() + " chunks where " + chunks + " were written");
        }
        if (complete && (!sawFinal || out.size() != chunks)) {
            throw altered(name, sawFinal ? "it holds " + out.size() + " chunks where " + chunks + " were written"
                    : "its final chunk is missing");
        }
        return new Content(out, sawFinal);
    }

    private static SwitchboardException altered(String name, String why) {
        return new SwitchboardException(500, "recording file " + name + " failed its integrity check: " + why,
                "integrity");
    }
}
