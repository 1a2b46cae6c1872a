package io.switchboard.recording.internal;

import static io.switchboard.api.event.EventType.CallEstablished;
import static io.switchboard.api.event.EventType.CallReleased;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.recording.Recording;
import io.switchboard.api.recording.RecordingQuery;
import io.switchboard.api.recording.Segment;
import io.switchboard.recording.crypto.internal.KeyVault;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The S3 store against a real S3-protocol server on this machine: s3rver (npm). It knows its
 * access keys but does not check V4 signatures (S3ClientTest checks the signing against the S3
 * reference's worked example). Skipped, saying so, where s3rver is not installed; .ci/run
 * installs it into target/s3rver.
 */
public class S3StoreTest {

    private static final String BUCKET = "recordings";
    /** s3rver's built-in account. */
    private static final String KEY = "S3RVER";

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static Process s3rver;
    private static URI endpoint;
    private static KeyVault vault;

    /** -Ds3rver=<path>, $S3RVER, or where .ci/run installs it (target/s3rver at the top of the build). */
    private static Path s3rverCommand() {
        String configured = System.getProperty("s3rver", System.getenv("S3RVER"));
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Paths.get("../../target/s3rver/node_modules/.bin/s3rver").toAbsolutePath().normalize();
    }

    @BeforeClass
    public static void startS3rver() throws Exception {
        Path cmd = s3rverCommand();
        Assume.assumeTrue("S3StoreTest skipped: s3rver is not installed at " + cmd
                + " (npm install --prefix target/s3rver s3rver, as .ci/run does, or -Ds3rver=<path>)",
                Files.isExecutable(cmd));
        Path data = TMP.newFolder("s3rver").toPath();
        ProcessBuilder pb = new ProcessBuilder(cmd.toString(), "-d", data.toString(), "-a", "127.0.0.1", "-p", "0",
                "--configure-bucket", BUCKET).redirectErrorStream(true);
        // s3rver makes its listing continuation tokens with DES, in OpenSSL 3's legacy provider only
        pb.environment().put("NODE_OPTIONS", "--openssl-legacy-provider");
        s3rver = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(s3rver.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while ((line = out.readLine()) != null) {
            int at = line.indexOf("listening on ");
            if (at >= 0) {
                endpoint = URI.create("http://" + line.substring(at + "listening on ".length()).trim());
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        if (endpoint == null) {
            throw new AssertionError("s3rver did not say where it listens");
        }
        // keep reading its log so that it never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // s3rver's request log
                }
            } catch (IOException closed) {
                // s3rver stopped
            }
        }, "s3rver-log");
        drain.setDaemon(true);
        drain.start();
        vault = new KeyVault(TMP.getRoot().toPath().resolve("keys.p12"), "t".toCharArray(), true, Fixture.KEY_BITS);
    }

    @AfterClass
    public static void stopS3rver() throws InterruptedException {
        if (s3rver != null) {
            s3rver.destroy();
            s3rver.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static S3Client client(String accessKey) {
        return new S3Client(endpoint, BUCKET, "us-east-1", accessKey, KEY);
    }

    private static S3Store store() {
        return new S3Store(client(KEY));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    public void eachChunkIsInTheBucketWhenItsWriteReturnsAndNothingIsStoredInClear() throws IOException {
        S3Store store = store();
        SegmentFiles files = new SegmentFiles(store, vault);
        String name = SegmentFiles.name("acme", "rec-s3-1", 0, System.currentTimeMillis());
        byte[] secret = "what the caller said, in clear".getBytes(StandardCharsets.UTF_8);
        SegmentWriter w = files.open(name, "acme");
        w.write(secret);
        // a media server dying now leaves this chunk readable: it is in the bucket already
        assertEquals(1, SealedFile.read(store.open(name), name, vault, 1, false).chunks().size());
        w.write(secret);
        w.close();
        SealedFile.Content c = SealedFile.read(store.open(name), name, vault, 2, true);
        assertTrue(c.complete());
        assertArrayEquals(secret, c.chunks().get(1));
        // the raw objects, as anyone with the bucket would read them
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (String key : client(KEY).list(name + "/")) {
            raw.writeBytes(client(KEY).get(key));
        }
        assertTrue(raw.size() > 2 * secret.length);
        assertFalse(new String(raw.toByteArray(), StandardCharsets.ISO_8859_1).contains("caller said"));
        assertTrue(store.exists(name));
        assertTrue(store.describe().startsWith("s3:http://127.0.0.1:"));
    }

    @Test
    public void aFileIsNeverOverwrittenNorNamedOutsideTheStoreAndAMissingOneIsNamedSo() throws IOException {
        S3Store store = store();
        try (OutputStream out = store.create("acme/day/once.sbr")) {
            out.write(1);
        }
        try {
            store.create("acme/day/once.sbr");
            fail("overwrote a file");
        } catch (FileAlreadyExistsException expected) {
            // the first one stays
        }
        assertArrayEquals(new byte[] {1}, readAll(store.open("acme/day/once.sbr")));
        for (String bad : List.of("../x.sbr", "/abs.sbr", "a//b", "a/./b", "a\\b", "")) {
            try {
                store.create(bad);
                fail("took " + bad);
            } catch (IllegalArgumentException expected) {
                // refused before any request
            }
        }
        try {
            store.open("acme/day/never.sbr");
            fail("opened a missing file");
        } catch (NoSuchFileException expected) {
            assertFalse(store.exists("acme/day/never.sbr"));
        }
    }

    @Test
    public void aRequestOfAnUnknownAccessKeyIsRefusedAndSaysWhy() {
        try (OutputStream out = new S3Store(client("AKIAUNKNOWN")).create("acme/day/refused.sbr")) {
            out.write(1);
            out.flush();
            fail("an unknown access key was taken");
        } catch (IOException e) {
            // refused at the first request, the HEAD that checks the file is new (a HEAD answer has no body)
            assertTrue(e.getMessage(), e.getMessage().contains("answered 403"));
        }
        try {
            client("AKIAUNKNOWN").put("acme/day/refused.sbr/00000000", new byte[] {1});
            fail("an unknown access key was taken");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("403 InvalidAccessKeyId"));
        }
    }

    @Test
    public void aFileOfManyPartsReadsBackAcrossListingPages() throws IOException {
        S3Store store = store();
        // s3rver, like S3, lists at most 1000 keys a page
        try (OutputStream out = store.create("acme/day/long.sbr")) {
            for (int i = 0; i < 1100; i++) {
                out.write(i & 0xff);
                out.flush();
            }
        }
        byte[] back = readAll(store.open("acme/day/long.sbr"));
        assertEquals(1100, back.length);
        for (int i = 0; i < back.length; i++) {
            assertEquals(i & 0xff, back[i] & 0xff);
        }
    }

    @Test
    public void aCallRecordedToS3PlaysBackAndTheStorageThroughputIsPrinted() throws Exception {
        try (Fixture f = new Fixture(TMP.newFolder().toPath(), 2, 100, 200, new LocalState(), store())) {
            f.control.putRules("acme", Fixture.all(false));
            f.send(CallEstablished, "c-s3", "201", "a1");
            Fixture.await("three chunks in S3", Duration.ofSeconds(20), () -> f.state.recordings().values().stream()
                    .allMatch(r -> r.lastSegment().chunks() >= 3));
            f.send(CallReleased, "c-s3", "201", "a1");
            Recording r = f.control.find(new RecordingQuery("acme", "c-s3", null, null, null)).get(0);
            Segment s = r.lastSegment();
            assertTrue(s.complete());
            byte[] wav = f.control.audio(r.id());
            assertEquals(44 + (r.end() - r.start()) * 16, wav.length);
            try {
                Playback.decrypt(new Segment(1, "ms1", r.start(), r.end(), 0, "acme/none/missing.sbr", 0, 1, true),
                        f.store, vault);
                fail("played a missing segment");
            } catch (SwitchboardException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("missing from the store"));
            }
        }
        // one PUT per chunk: the default 200-ms chunks, and 1-s chunks (chunkMillis = 1000) for fewer requests
        Fixture.printThroughput("S3 (s3rver on this machine, one PUT per chunk)", store(), vault, 10, 50, 200);
        Fixture.printThroughput("S3 (s3rver on this machine, one PUT per chunk)", store(), vault, 10, 20, 1000);
    }
}
