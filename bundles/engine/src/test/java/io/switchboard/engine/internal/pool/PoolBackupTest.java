package io.switchboard.engine.internal.pool;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.model.ObjectRef;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.Notification;
import io.switchboard.api.stats.StatRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PoolBackupTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static PooledStat stat(String queue, Map<String, Object> inline) {
        StatType t = new StatType("SL", List.of(ObjectType.Queue), "ServiceFactor", StatType.Subject.Action,
                List.of("CallAnswered"), List.of("CallAnswered", "CallAbandoned"), new double[] {0, 20}, null);
        StatRequest r = new StatRequest(t, new ObjectRef("acme", ObjectType.Queue, queue),
                inline == null ? "Default" : null, inline, new StatRequest.Filter(List.of("voice"), Map.of("seg", "gold")));
        return new PooledStat(StatPool.refOf(r), r, new Notification(Notification.Mode.periodic, 5, 10), 1000, 2000);
    }

    @Test
    public void aBackupRoundTripsEveryDefinitionAndKeepsRefs() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("pool/stat-pool.bin");
        List<PooledStat> pool = List.of(stat("sales", null),
                stat("support", Map.of("type", "sliding", "window", 3600L, "step", 60L)));
        PoolBackup.write(file, pool);
        List<PooledStat> back = PoolBackup.read(file);
        assertEquals(2, back.size());
        for (int i = 0; i < 2; i++) {
            PooledStat a = pool.get(i);
            PooledStat b = back.get(i);
            assertEquals(a.ref(), b.ref());
            assertEquals("the ref follows from the definition", a.ref(), StatPool.refOf(b.request()));
            assertEquals(a.request().object(), b.request().object());
            assertEquals(a.request().filter(), b.request().filter());
            assertEquals(a.notification(), b.notification());
            assertEquals(a.lastRequest(), b.lastRequest());
        }
    }

    @Test
    public void somethingElseIsRefusedWithAReason() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("not-a-backup.bin");
        Files.writeString(file, "hello world");
        try {
            PoolBackup.read(file);
            throw new AssertionError("expected a refusal");
        } catch (IOException e) {
            assertTrue(e.getMessage().contains("not a Switchboard statistic pool backup"));
        }
    }

    @Test
    public void aBackupKeepsTheStateTheValuesComeFromAndThePositionsItHolds() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("stat-pool.bin");
        // values as the grid codecs would have them: bytes here, with strings kept as strings
        Map<String, java.util.Collection<Map.Entry<String, Object>>> maps = new java.util.LinkedHashMap<>();
        maps.put("sb.objects", List.of(Map.entry("Agent|acme|a1", (Object) "state-of-a1")));
        maps.put("sb.dn-index", List.of(Map.entry("acme|5001", (Object) "a1")));
        PoolBackup.write(file, new PoolBackup.Contents(42, Map.of("pbx", 17L), List.of(stat("sales", null)), maps),
                v -> ((String) v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PoolBackup.Contents back = PoolBackup.read(file, b -> "decoded");
        assertEquals(42, back.createdAt());
        assertEquals(Map.of("pbx", 17L), back.positions());
        assertEquals(1, back.stats().size());
        assertEquals(List.of("sb.objects", "sb.dn-index"), List.copyOf(back.maps().keySet()));
        assertEquals("strings come back as they were", "a1",
                back.maps().get("sb.dn-index").iterator().next().getValue());
        assertEquals("String values are strings, not codec bytes", "state-of-a1",
                back.maps().get("sb.objects").iterator().next().getValue());
    }

    @Test
    public void theEventClockComesBackAndAFileWithoutItReadsAsNone() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("clock.bin");
        PoolBackup.write(file, new PoolBackup.Contents(42, Map.of(), List.of(stat("sales", null)), Map.of(),
                1_772_438_400_000L), v -> new byte[0]);
        assertEquals(1_772_438_400_000L, PoolBackup.read(file, b -> b).eventClock());
        // a version 2 file as written before the trailer existed
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertEquals(Long.MIN_VALUE, PoolBackup.read(file, b -> b).eventClock());
        assertEquals(1, PoolBackup.read(file, b -> b).stats().size());
    }

    @Test
    public void aVersionOneBackupStillLoadsItsPool() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("v1.bin");
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(Files.newOutputStream(file))) {
            out.write(new byte[] {'S', 'B', 'P', 'O', 'O', 'L'});
            out.writeInt(1);
            out.writeInt(1);
            PoolCodec.INSTANCE.write(out, stat("sales", null));
        }
        PoolBackup.Contents back = PoolBackup.read(file, b -> b);
        assertEquals(1, back.stats().size());
        assertTrue(back.maps().isEmpty());
        assertTrue(back.positions().isEmpty());
    }
}
