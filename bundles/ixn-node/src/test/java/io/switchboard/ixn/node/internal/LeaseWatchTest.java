package io.switchboard.ixn.node.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.ixn.node.internal.LeaseWatch.Kind;
import org.junit.Test;

public class LeaseWatchTest {

    private static final long MS = 1_000_000L;

    @Test
    public void theHolderRenewsWhateverTheStamp() {
        LeaseWatch w = new LeaseWatch("me", 3000);
        assertEquals(Kind.RENEW, w.decide("me", 5, 0).kind());
        assertEquals(Kind.RENEW, w.decide("me", 5, 999_000 * MS).kind());
    }

    @Test
    public void aLeaseGivenBackOrNeverTakenIsTakenAtOnce() {
        LeaseWatch w = new LeaseWatch("me", 3000);
        assertEquals(Kind.TAKE, w.decide(null, 0, 0).kind());
        assertEquals(Kind.TAKE, w.decide(null, 77, 0).kind());
    }

    @Test
    public void aStampStandingStillForTheWholeLeaseIsTakenWithTheHolderAndStampRead() {
        LeaseWatch w = new LeaseWatch("me", 3000);
        assertEquals(Kind.WAIT, w.decide("other", 10, 100 * MS).kind());
        assertEquals(Kind.WAIT, w.decide("other", 10, 3099 * MS).kind());
        LeaseWatch.Decision d = w.decide("other", 10, 3100 * MS);
        assertEquals(Kind.TAKE, d.kind());
        assertEquals("other", d.holder());
        assertEquals(10, d.stamp());
    }

    @Test
    public void aPartnerThatRenewsIsNeverTakenHoweverLongTheWatch() {
        LeaseWatch w = new LeaseWatch("me", 3000);
        for (long t = 0, stamp = 1; t < 600_000; t += 100, stamp++) {
            assertEquals("at " + t + " ms", Kind.WAIT, w.decide("other", stamp, t * MS).kind());
        }
    }

    @Test
    public void aResumedPrimaryWatchesItsBackupAfreshAndKeepsWaiting() {
        // the primary held the lease, was paused (SIGSTOP) past the lease, its backup took over and renews
        LeaseWatch w = new LeaseWatch("primary", 3000);
        assertEquals(Kind.RENEW, w.decide("primary", 40, 0).kind());
        long resumed = 30_000 * MS;
        assertEquals(Kind.WAIT, w.decide("backup", 900, resumed).kind());
        for (int round = 1; round <= 100; round++) {
            assertEquals(Kind.WAIT, w.decide("backup", 900 + round, resumed + round * 100 * MS).kind());
        }
    }

    @Test
    public void aPauseOfTheWatcherDoesNotCountAsTheHoldersSilence() {
        // the watcher saw a stamp, was paused 30 s; meanwhile the holder renewed: the watch starts again
        LeaseWatch w = new LeaseWatch("backup", 3000);
        assertEquals(Kind.WAIT, w.decide("primary", 10, 0).kind());
        assertEquals(Kind.WAIT, w.decide("primary", 310, 30_000 * MS).kind());
        assertEquals(Kind.WAIT, w.decide("primary", 311, 30_100 * MS).kind());
    }

    @Test
    public void anotherHolderWithTheSameStampIsWatchedAfresh() {
        LeaseWatch w = new LeaseWatch("me", 3000);
        assertEquals(Kind.WAIT, w.decide("a", 10, 0).kind());
        assertEquals(Kind.WAIT, w.decide("b", 10, 5000 * MS).kind());
        assertEquals(Kind.TAKE, w.decide("b", 10, 8000 * MS).kind());
    }

    @Test
    public void aForgottenWatchStartsAgain() {
        LeaseWatch w = new LeaseWatch("me", 3000);
        assertEquals(Kind.WAIT, w.decide("a", 10, 0).kind());
        w.forget();
        assertEquals(Kind.WAIT, w.decide("a", 10, 5000 * MS).kind());
        assertEquals(Kind.TAKE, w.decide("a", 10, 8000 * MS).kind());
    }

    @Test
    public void stampsGrowEvenFromAClockBehindThePreviousHolders() {
        assertEquals(13_000, LeaseWatch.nextStamp(5, 10_000, 3000));
        // 90 s behind: one above the stamp before
        long before = 100_000;
        long next = LeaseWatch.nextStamp(before, 10_000, 3000);
        assertEquals(before + 1, next);
        assertTrue(LeaseWatch.nextStamp(next, 10_100, 3000) > next);
    }
}
