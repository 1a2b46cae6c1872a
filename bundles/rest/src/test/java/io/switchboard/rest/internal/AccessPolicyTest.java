package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.Test;

public class AccessPolicyTest {

    private final AccessPolicy open = new AccessPolicy("switchboard-admin", "switchboard-source", List.of());

    @Test
    public void eventsNeedASourceOrAnAdministrator() {
        assertEquals(Set.of("switchboard-source", "switchboard-admin"), open.need("POST", "/api/v1/events").roles());
        assertEquals(Set.of("switchboard-source", "switchboard-admin"),
                open.need("POST", "/api/v1/events/queue-log").roles());
    }

    @Test
    public void configurationStatTypesAndProfilesNeedAnAdministrator() {
        for (String[] req : new String[][] {{"PUT", "/api/v1/config/acme/Agent/a1"}, {"DELETE", "/api/v1/config/acme/Agent/a1"},
                {"POST", "/api/v1/config/import"}, {"PUT", "/api/v1/stattypes/Calls"}, {"PUT", "/api/v1/timeprofiles/Day"}}) {
            assertEquals(req[0] + " " + req[1], Set.of("switchboard-admin"), open.need(req[0], req[1]).roles());
        }
    }

    @Test
    public void readsAndStatisticsAreOpenByDefault() {
        assertTrue(open.need("GET", "/api/v1/config/acme/Agent/a1").open());
        assertTrue(open.need("GET", "/api/v1/stattypes").open());
        assertTrue("opening a statistic is a client's read", open.need("POST", "/api/v1/stats").open());
        assertTrue(open.need("POST", "/api/v1/stats/peek").open());
        assertTrue(open.need("DELETE", "/api/v1/stats/abc").open());
        assertTrue(open.need("GET", "/api/v1/stats/stream").open());
        assertTrue("a path that merely starts alike is not the events endpoint",
                open.need("POST", "/api/v1/eventsx").open());
    }

    @Test
    public void readRolesCloseReadsToEveryoneElse() {
        AccessPolicy closed = new AccessPolicy("switchboard-admin", "switchboard-source", List.of("wallboard"));
        assertEquals(Set.of("wallboard", "switchboard-admin", "switchboard-source"),
                closed.need("GET", "/api/v1/health").roles());
        assertEquals(Set.of("switchboard-admin"), closed.need("PUT", "/api/v1/stattypes/x").roles());
    }

    @Test
    public void playbackNeedsTheRecordingRoleAndRulesAnAdministrator() {
        assertEquals(Set.of("switchboard-recording"), open.need("GET", "/api/v1/recordings/rec-1/audio").roles());
        assertEquals(Set.of("switchboard-admin"), open.need("PUT", "/api/v1/recording/rules/acme").roles());
        assertTrue(open.need("GET", "/api/v1/recordings").open());
        assertTrue(open.need("GET", "/api/v1/recording/rules/acme").open());
    }
}
