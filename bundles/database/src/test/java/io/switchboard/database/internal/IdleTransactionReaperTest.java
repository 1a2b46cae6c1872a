package io.switchboard.database.internal;

import static org.junit.Assert.assertEquals;

import io.switchboard.database.internal.IdleTransactionReaper.Seen;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class IdleTransactionReaperTest {

    private final AtomicLong now = new AtomicLong();
    private final IdleTransactionReaper reaper = new IdleTransactionReaper(1000, now::get);

    private void at(long millis) {
        now.set(millis * 1_000_000L);
    }

    @Test
    public void aTransactionIdleInItsWritesForTheWholeLimitIsEndedAndNoOtherIs() {
        at(0);
        assertEquals(List.of(), reaper.decide(List.of(new Seen(1, "t1", true), new Seen(2, "t2", false))));
        at(999);
        assertEquals(List.of(), reaper.decide(List.of(new Seen(1, "t1", true), new Seen(2, "t2", false))));
        at(1000);
        assertEquals(List.of(1), reaper.decide(List.of(new Seen(1, "t1", true), new Seen(2, "t2", false))));
    }

    @Test
    public void aNewTransactionOrARunningStatementStartsTheWatchOver() {
        at(0);
        reaper.decide(List.of(new Seen(1, "t1", true), new Seen(2, "t5", true)));
        at(600);
        // session 1 committed and wrote again; session 2 ran a statement (a lock wait, say)
        reaper.decide(List.of(new Seen(1, "t3", true), new Seen(2, "t5", false)));
        at(1200);
        assertEquals(List.of(), reaper.decide(List.of(new Seen(1, "t3", true), new Seen(2, "t5", true))));
        at(1600);
        assertEquals(List.of(1), reaper.decide(List.of(new Seen(1, "t3", true), new Seen(2, "t5", true))));
    }

    @Test
    public void theThreadsLookedAtAreEveryLiveThreadOfEveryGroupWithoutTakingTheirStacks() throws Exception {
        ThreadGroup nested = new ThreadGroup(new ThreadGroup("outer"), "inner");
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(nested, () -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "reaper-test-nested");
        t.start();
        try {
            List<Thread> live = IdleTransactionReaper.liveThreads();
            org.junit.Assert.assertTrue(live.contains(t));
            org.junit.Assert.assertTrue(live.contains(Thread.currentThread()));
        } finally {
            done.countDown();
            t.join();
        }
    }
}
