package io.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.Test;

public class AccessPolicyTest {

    static AccessPolicy policy(List<String> readRoles) {
        return new AccessPolicy(new AccessPolicy.Roles("switchboard-admin", "switchboard-source", "switchboard-agent",
                "switchboard-media", "switchboard-recording", readRoles));
    }

    private final AccessPolicy open = policy(List.of());

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
        AccessPolicy closed = policy(List.of("wallboard"));
        assertEquals(Set.of("wallboard", "switchboard-admin", "switchboard-source", "switchboard-agent",
                "switchboard-media"), closed.need("GET", "/api/v1/health").roles());
        assertEquals(Set.of("switchboard-admin"), closed.need("PUT", "/api/v1/stattypes/x").roles());
    }

    @Test
    public void submittingInteractionsNeedsAMediaServerOrAnAdministrator() {
        Set<String> media = Set.of("switchboard-media", "switchboard-admin");
        assertEquals(media, open.need("POST", "/api/v1/interactions").roles());
        assertEquals("a trailing slash is read as a submit by the servlet, so it needs the same", media,
                open.need("POST", "/api/v1/interactions/").roles());
        assertEquals(media, open.need("POST", "/api/v1/interactions//").roles());
        assertEquals("a capture point's tasks are submitted, updated and stopped alike", media,
                open.need("POST", "/api/v1/capture/web/tasks").roles());
        assertEquals(media, open.need("PATCH", "/api/v1/capture/web/tasks/i-1").roles());
        assertEquals(media, open.need("DELETE", "/api/v1/capture/web/tasks/i-1").roles());
        assertTrue(open.need("GET", "/api/v1/capture/web/tasks/i-1").open());
    }

    @Test
    public void handlingInteractionsAndAgentRequestsNeedAnAgentOrAnAdministrator() {
        Set<String> agent = Set.of("switchboard-agent", "switchboard-admin");
        for (String[] req : new String[][] {{"POST", "/api/v1/interactions/i-1/stop"},
                {"POST", "/api/v1/interactions/i-1/accept"}, {"POST", "/api/v1/interactions/i-1/place-in-queue"},
                {"PATCH", "/api/v1/interactions/i-1/data"}, {"POST", "/api/v1/interactions/pull"},
                {"DELETE", "/api/v1/interactions/i-1"}, {"POST", "/api/v1/workbins/acme/later/put"},
                {"POST", "/api/v1/agents/acme/a1/login"}, {"POST", "/api/v1/agents/acme/a1/not-ready"},
                {"post", "/api/v1/interactions/find"}, {"PUT", "/api/v1/interactions/find"}}) {
            assertEquals(req[0] + " " + req[1], agent, open.need(req[0], req[1]).roles());
        }
    }

    @Test
    public void readingAndFindingInteractionsAreReads() {
        assertTrue(open.need("GET", "/api/v1/interactions/i-1").open());
        assertTrue(open.need("POST", "/api/v1/interactions/find").open());
        assertTrue(open.need("GET", "/api/v1/workbins/acme/later").open());
        assertTrue(open.need("GET", "/api/v1/snapshots/acme/sales").open());
        assertTrue("a path that merely starts alike is not the interactions endpoint",
                open.need("POST", "/api/v1/interactionsx").open());
    }

    @Test
    public void playbackNeedsTheRecordingRoleAndRulesAnAdministrator() {
        assertEquals(Set.of("switchboard-recording"), open.need("GET", "/api/v1/recordings/rec-1/audio").roles());
        assertEquals(Set.of("switchboard-admin"), open.need("PUT", "/api/v1/recording/rules/acme").roles());
        assertTrue(open.need("GET", "/api/v1/recordings").open());
        assertTrue(open.need("GET", "/api/v1/recording/rules/acme").open());
    }
}
