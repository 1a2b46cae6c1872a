package io.switchboard.recording.internal;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.recording.RecordingProfile;
import io.switchboard.api.recording.RecordingRules;
import io.switchboard.recording.crypto.internal.KeyVault;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** A node's recording plane for tests: real keystore, real disk store, real media servers, two managers. */
final class Fixture implements AutoCloseable {

    /** One 2048-bit key pair per tenant and test class is enough; key generation is slow on 2 cores. */
    static final int KEY_BITS = 2048;

    final Path dir;
    final KeyVault vault;
    final RecordingStore store;
    final SharedState state;
    final MediaServerPool pool = new MediaServerPool();
    final List<MediaServer> servers = new ArrayList<>();
    final RecordingControl control;
    private final AtomicLong seq = new AtomicLong();

    Fixture(Path dir, int mediaServers, int capacity, long chunkMillis, SharedState state) throws IOException {
        this(dir, mediaServers, capacity, chunkMillis, state, new DiskStore(dir.resolve("store")));
    }

    Fixture(Path dir, int mediaServers, int capacity, long chunkMillis, SharedState state, RecordingStore store)
            throws IOException {
        this.dir = dir;
        this.vault = new KeyVault(dir.resolve("keys.p12"), "test-only".toCharArray(), true, KEY_BITS);
        this.store = store;
        this.state = state;
        for (int i = 1; i <= mediaServers; i++) {
            MediaServer m = new MediaServer("ms" + i, null, capacity, chunkMillis, Clock.systemUTC());
            m.start();
            servers.add(m);
            pool.add(m);
        }
        control = new RecordingControl(state, pool, new SegmentFiles(store, vault), List.of("rm-1", "rm-2"), 400,
                Clock.systemUTC());
    }

    /**
     * Seals {@code files} files of {@code chunksPerFile} chunks of {@code chunkMillis} of audio each
     * into the store and reads them back, and prints the throughput figure of the store.
     */
    static void printThroughput(String store, RecordingStore target, io.switchboard.api.recording.RecordingCrypto
            crypto, int files, int chunksPerFile, int chunkMillis) throws IOException {
        String dir = "bench-" + chunkMillis + "/";
        SegmentFiles segmentFiles = new SegmentFiles(target, crypto);
        byte[] chunk = new byte[SyntheticAudio.frameBytes(20) * (chunkMillis / 20)];
        new java.util.Random(1).nextBytes(chunk);
        long t0 = System.nanoTime();
        for (int f = 0; f < files; f++) {
            SegmentWriter w = segmentFiles.open(dir + f + ".sbr", "acme");
            for (int c = 0; c < chunksPerFile; c++) {
                w.write(chunk);
            }
            w.close();
        }
        double writeS = (System.nanoTime() - t0) / 1e9;
        double mb = (double) files * chunksPerFile * chunk.length / (1 << 20);
        t0 = System.nanoTime();
        for (int f = 0; f < files; f++) {
            try (java.io.InputStream in = target.open(dir + f + ".sbr")) {
                if (SealedFile.read(in, "b", crypto, chunksPerFile, true).chunks().size() != chunksPerFile) {
                    throw new AssertionError("file " + f + " lost chunks");
                }
            }
        }
        double readS = (System.nanoTime() - t0) / 1e9;
        double callSeconds = files * chunksPerFile * chunkMillis / 1000.0;
        System.out.printf("FIGURE storage %s: %.1f MB sealed and written in %.2f s = %.2f MB/s (%.0f call-seconds of "
                + "audio in chunks of %d ms, %.0f calls in real time); read, authenticated and decrypted at %.2f MB/s%n",
                store, mb, writeS, mb / writeS, callSeconds, chunkMillis, callSeconds / writeS, mb / readS);
    }

    static RecordingRules all(boolean pauseOnHold) {
        return new RecordingRules(List.of(), List.of(), 100, new RecordingProfile(null, pauseOnHold));
    }

    CanonicalEvent event(EventType type, String call, String dn, String agent) {
        return CanonicalEvent.builder(type).ts(System.currentTimeMillis()).source("test").seq(seq.incrementAndGet())
                .tenant("acme").call(call).dn(dn).agent(agent).queue(type == EventType.CallQueued ? "sales" : null)
                .build();
    }

    void send(EventType type, String call, String dn, String agent) {
        control.accept(List.of(event(type, call, dn, agent)));
    }

    MediaServer server(String name) {
        return pool.get(name);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        control.close();
        for (MediaServer m : servers) {
            m.kill();
        }
    }
}
