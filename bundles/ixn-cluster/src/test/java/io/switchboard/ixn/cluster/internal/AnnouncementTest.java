package io.switchboard.ixn.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.UUID;
import org.junit.Test;

public class AnnouncementTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    @Test
    public void readsBothVersionsOfTheEntry() {
        assertEquals(new Announcement(A, 0), Announcement.parse(A.toString()));
        assertEquals(new Announcement(A, 42), Announcement.parse(A + "|42"));
        assertEquals(new Announcement(C, 7), Announcement.parse(new Announcement(C, 7).toString()));
    }

    @Test
    public void aLaterTakeReplacesTheAnnouncementOfAMemberStillInTheCluster() {
        assertTrue(new Announcement(A, 20).replaces(new Announcement(C, 10), m -> true));
    }

    @Test
    public void anEarlierTakeNeverReplacesALiveMembersLaterOne() {
        // the primary on c resumed after a pause: its instance still thinks it serves
        assertFalse(new Announcement(C, 10).replaces(new Announcement(A, 20), m -> true));
        assertFalse("same generation: the first announcer keeps it",
                new Announcement(C, 20).replaces(new Announcement(A, 20), m -> true));
    }

    @Test
    public void anyTakeReplacesTheEntryOfAMemberThatLeftAndNothingAnnouncedIsAnnounced() {
        assertTrue(new Announcement(C, 10).replaces(new Announcement(A, 20), m -> !m.equals(A)));
        assertTrue(new Announcement(C, 10).replaces(null, m -> true));
    }

    @Test
    public void aMembersOwnEntryFollowsItsCurrentInstanceAndAnEqualEntryIsLeft() {
        assertTrue(new Announcement(A, 5).replaces(new Announcement(A, 9), m -> true));
        assertFalse(new Announcement(A, 9).replaces(new Announcement(A, 9), m -> true));
    }
}
