package io.switchboard.rest.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.SwitchboardException;
import io.switchboard.api.model.StatValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class StatTailCommandTest {

    private final FakeStats stats = new FakeStats();

    private StatTailCommand command(String... refs) {
        StatTailCommand c = new StatTailCommand();
        c.stats = stats;
        c.refs = List.of(refs);
        return c;
    }

    /** Found hanging in CI: the fake showed a ref's listener list before the listener was in it. */
    @Test(timeout = 60_000)
    public void printsTheCurrentValuesThenEachNotificationUntilTheCount() throws Exception {
        stats.values.put("r1", new StatValue(3L, 1_700_000_000_000L, false));
        stats.values.put("r2", new StatValue(null, 1_700_000_000_000L, false));
        StatTailCommand c = command("r1", "r2");
        c.count = 4;
        Thread sender = new Thread(() -> {
            awaitListeners(2);
            stats.send("r1", 4L, 1_700_000_001_000L);
            stats.send("r2", 9.5, 1_700_000_002_000L);
        });
        sender.start();

        String out = Shell.run(c);

        assertEquals(List.of("2023-11-14T22:13:20Z  r1  3", "2023-11-14T22:13:20Z  r2  null",
                "2023-11-14T22:13:21Z  r1  4", "2023-11-14T22:13:22Z  r2  9.5"), List.of(out.split("\\R")));
        assertEquals(List.of("r1", "r2"), stats.closedSubscriptions);
    }

    @Test(timeout = 60_000)
    public void ctrlCEndsTheTailAndClosesTheSubscriptions() throws Exception {
        stats.values.put("r1", new StatValue(3L, 1_700_000_000_000L, false));
        StatTailCommand c = command("r1");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        Throwable[] failure = new Throwable[1];
        Thread session = new Thread(() -> {
            try {
                c.execute();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            session.start();
            awaitListeners(1);
            stats.send("r1", 5L, 1_700_000_001_000L);
            await(() -> bytes.toString(StandardCharsets.UTF_8).contains("r1  5"));
            // what Karaf does on Ctrl-C
            session.interrupt();
            session.join(TimeUnit.SECONDS.toMillis(10));
        } finally {
            System.setOut(original);
        }

        assertTrue("still tailing after Ctrl-C", !session.isAlive());
        assertEquals(null, failure[0]);
        assertEquals(List.of("r1"), stats.closedSubscriptions);
        assertTrue(stats.listeners.get("r1").isEmpty());
    }

    @Test
    public void anUnknownRefFailsAndLeavesNothingSubscribed() {
        stats.values.put("r1", new StatValue(3L, 1, false));

        assertThrows(SwitchboardException.class, () -> Shell.run(command("r1", "gone")));

        assertEquals(List.of("r1"), stats.closedSubscriptions);
    }

    private void awaitListeners(int refs) {
        await(() -> stats.listeners.size() >= refs);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}
