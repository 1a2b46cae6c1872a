package io.switchboard.engine.internal.core;

import static io.switchboard.api.event.EventType.AgentLogin;
import static io.switchboard.api.event.EventType.AgentLogout;
import static io.switchboard.api.event.EventType.AgentNotReady;
import static io.switchboard.api.event.EventType.AgentReady;
import static io.switchboard.api.event.EventType.CallAbandoned;
import static io.switchboard.api.event.EventType.CallDialing;
import static io.switchboard.api.event.EventType.CallEstablished;
import static io.switchboard.api.event.EventType.CallHeld;
import static io.switchboard.api.event.EventType.CallReleased;
import static io.switchboard.api.event.EventType.CallRetrieved;
import static io.switchboard.api.event.EventType.CallRinging;
import static io.switchboard.engine.internal.core.Events.agent;
import static io.switchboard.engine.internal.core.Events.at;
import static io.switchboard.engine.internal.core.Events.call;
import static io.switchboard.engine.internal.core.Events.t;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.model.ObjectState;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;

public class AgentStateTest {

    private final AgentState a1 = new AgentState("acme", "a1");

    private List<ActionRecord> apply(CanonicalEvent e) {
        return a1.apply(e, StatusPriority.DEFAULT);
    }

    private static String names(List<ActionRecord> changes) {
        return changes.stream().map(c -> c.kind() + ":" + c.name()).collect(Collectors.joining(","));
    }

    @Test
    public void agentWithoutEventsIsLoggedOutSinceNull() {
        ObjectState s = a1.currentState();
        assertEquals("LoggedOut", s.status());
        assertNull(s.since());
        assertTrue(s.dns().isEmpty());
    }

    @Test
    public void loginReadyCallAfterCallWorkAndReadyAgainFollowThePriorityTable() {
        apply(at(AgentLogin, "09:00:00").agent("a1").dn("5001").place("p1").build());
        assertEquals("LoggedIn", a1.status());
        assertEquals("p1", a1.place());
        assertEquals("STARTED:WaitForNextCall", names(apply(agent(AgentReady, "09:00:05", "a1", "5001"))));
        assertEquals("WaitForNextCall", a1.status());

        List<ActionRecord> ring = apply(call(CallRinging, "09:01:00", "a1", "5001", "c1"));
        assertEquals("ENDED:WaitForNextCall,STARTED:CallRinging", names(ring));
        assertEquals("CallRinging", a1.status());
        assertEquals(t("09:01:00"), a1.statusSince());

        List<ActionRecord> answer = apply(call(CallEstablished, "09:01:04", "a1", "5001", "c1"));
        assertEquals("INSTANT:CallAnswered,ENDED:CallRinging,STARTED:CallInbound", names(answer));
        assertEquals(4000, answer.get(0).duration());
        assertEquals("CallInbound", a1.status());

        apply(call(CallReleased, "09:03:00", "a1", "5001", "c1"));
        // back to the readiness it had before the call
        assertEquals("WaitForNextCall", a1.status());
        assertEquals(t("09:03:00"), a1.statusSince());

        apply(at(AgentNotReady, "09:03:00").agent("a1").dn("5001").workMode("AfterCallWork").build());
        assertEquals("AfterCallWork", a1.status());
        apply(agent(AgentReady, "09:03:20", "a1", "5001"));
        assertEquals("WaitForNextCall", a1.status());
        assertEquals(t("09:03:20"), a1.statusSince());
    }

    @Test
    public void repeatedReadyChangesNothingAndNotReadyToAfterCallWorkRestarts() {
        apply(agent(AgentLogin, "09:00:00", "a1", "5001"));
        apply(agent(AgentReady, "09:00:01", "a1", "5001"));
        assertEquals("", names(apply(agent(AgentReady, "09:00:09", "a1", "5001"))));
        assertEquals(t("09:00:01"), a1.statusSince());

        apply(agent(AgentNotReady, "09:01:00", "a1", "5001"));
        assertEquals("", names(apply(at(AgentNotReady, "09:01:30").agent("a1").dn("5001").reason("lunch").build())));
        List<ActionRecord> acw = apply(at(AgentNotReady, "09:02:00").agent("a1").dn("5001")
                .workMode("AfterCallWork").build());
        assertEquals("ENDED:NotReadyForNextCall,STARTED:AfterCallWork", names(acw));
        assertEquals(t("09:01:00"), acw.get(0).start());
    }

    @Test
    public void readinessChangedDuringACallTakesEffectWhenTheCallEnds() {
        apply(agent(AgentLogin, "09:00:00", "a1", "5001"));
        apply(agent(AgentReady, "09:00:01", "a1", "5001"));
        apply(call(CallRinging, "09:01:00", "a1", "5001", "c1"));
        apply(call(CallEstablished, "09:01:02", "a1", "5001", "c1"));
        List<ActionRecord> nr = apply(agent(AgentNotReady, "09:02:00", "a1", "5001"));
        assertEquals("", names(nr));
        assertEquals("CallInbound", a1.status());
        apply(call(CallReleased, "09:03:00", "a1", "5001", "c1"));
        assertEquals("NotReadyForNextCall", a1.status());
        assertEquals(t("09:03:00"), a1.statusSince());
    }

    @Test
    public void heldCallShowsOnHoldAndKeepsItsTalkAction() {
        apply(agent(AgentLogin, "09:00:00", "a1", "5001"));
        apply(call(CallRinging, "09:01:00", "a1", "5001", "c1"));
        apply(call(CallEstablished, "09:01:02", "a1", "5001", "c1"));
        assertEquals("STARTED:CallOnHold", names(apply(call(CallHeld, "09:01:30", "a1", "5001", "c1"))));
        assertEquals("CallOnHold", a1.status());
        apply(call(CallRetrieved, "09:01:40", "a1", "5001", "c1"));
        assertEquals("CallInbound", a1.status());
        apply(call(CallHeld, "09:02:00", "a1", "5001", "c1"));
        List<ActionRecord> release = apply(call(CallReleased, "09:02:10", "a1", "5001", "c1"));
        assertEquals("ENDED:CallInbound,ENDED:CallOnHold", names(release));
        assertEquals(t("09:01:02"), release.get(0).start());
        assertEquals("LoggedIn", a1.status());
    }

    @Test
    public void ringingThenAbandonedIsAnInstantWithTheRingingTime() {
        apply(agent(AgentLogin, "09:00:00", "a1", "5001"));
        apply(agent(AgentReady, "09:00:00", "a1", "5001"));
        apply(call(CallRinging, "09:01:00", "a1", "5001", "c1"));
        List<ActionRecord> ab = apply(call(CallAbandoned, "09:01:07", "a1", "5001", "c1"));
        assertEquals("INSTANT:CallAbandonedFromRinging,ENDED:CallRinging,STARTED:WaitForNextCall", names(ab));
        assertEquals(7000, ab.get(0).duration());
        assertEquals("WaitForNextCall", a1.status());
    }

    @Test
    public void outboundDialAndDirectionDefaults() {
        apply(agent(AgentLogin, "09:00:00", "a1", "5001"));
        apply(call(CallDialing, "09:01:00", "a1", "5001", "o1"));
        assertEquals("CallDialing", a1.status());
        List<ActionRecord> est = apply(call(CallEstablished, "09:01:09", "a1", "5001", "o1"));
        assertEquals("ENDED:CallDialing,STARTED:CallOutbound", names(est));
    }

    @Test
    public void statusIsComposedOverVoiceAndChatFromDifferentSources() {
        apply(agent(AgentLogin, "09:00:00", "a1", "5001"));
        apply(agent(AgentNotReady, "09:00:01", "a1", "5001"));
        apply(at(AgentLogin, "09:00:02").source("ixn").media("chat").agent("a1").build());
        apply(at(AgentReady, "09:00:03").source("ixn").media("chat").agent("a1").build());
        // NotReady ranks above WaitForNextCall
        assertEquals("NotReadyForNextCall", a1.status());
        assertEquals(t("09:00:01"), a1.statusSince());
        apply(at(CallRinging, "09:00:10").source("ixn").media("chat").agent("a1").call("chat-1").build());
        assertEquals("CallRinging", a1.status());
        ObjectState s = a1.currentState();
        assertEquals(2, s.dns().size());
        assertEquals("chat", s.dns().get(1).media());
        assertNull(s.dns().get(1).dn());
        assertEquals("chat-1", s.dns().get(1).call());
    }

    @Test
    public void logoutEndsEverythingAndTheAgentIsLoggedOutSinceThen() {
        apply(agent(AgentLogin, "09:00:00", "a1", "5001"));
        apply(agent(AgentReady, "09:00:01", "a1", "5001"));
        List<ActionRecord> out = apply(agent(AgentLogout, "17:00:00", "a1", "5001"));
        assertEquals("ENDED:LoggedIn,ENDED:WaitForNextCall", names(out));
        assertEquals("LoggedOut", a1.status());
        assertEquals(t("17:00:00"), a1.statusSince());
        assertTrue(a1.currentState().dns().isEmpty());
    }

    private static CanonicalEvent chat(io.switchboard.api.event.EventType type, String hms, String source) {
        return at(type, hms).source(source).media("chat").agent("a1").build();
    }

    @Test
    public void aChatLoginReportedByTwoNodesLastsUntilTheLastOfThemLogsOut() {
        apply(chat(AgentLogin, "09:00:00", "ixn-node1"));
        apply(chat(AgentLogin, "09:00:05", "ixn-node2"));
        apply(chat(AgentReady, "09:00:06", "ixn-node2"));
        assertEquals(java.util.Set.of("ixn-node1", "ixn-node2"), a1.endpoints().get("@chat").holders());
        // the first node's logout does not end the login the other still holds
        assertEquals("", names(apply(chat(AgentLogout, "10:00:00", "ixn-node1"))));
        assertEquals("WaitForNextCall", a1.status());
        assertTrue(a1.endpoints().get("@chat").loggedIn());
        assertEquals("ENDED:LoggedIn,ENDED:WaitForNextCall", names(apply(chat(AgentLogout, "11:00:00", "ixn-node2"))));
        assertEquals("LoggedOut", a1.status());
        assertEquals(t("11:00:00"), a1.statusSince());
    }

    @Test
    public void aRepeatedLoginOfOneNodeIsOneHoldAndItsOneLogoutEndsIt() {
        apply(chat(AgentLogin, "09:00:00", "ixn-node1"));
        apply(chat(AgentLogin, "09:00:01", "ixn-node1"));
        apply(chat(AgentLogout, "09:30:00", "ixn-node1"));
        assertEquals("LoggedOut", a1.status());
    }

    @Test
    public void aLogoutFromANodeThatNeverHeldTheLoginLeavesIt() {
        apply(chat(AgentLogin, "09:00:00", "ixn-node1"));
        apply(chat(AgentLogout, "09:10:00", "ixn-node2"));
        assertTrue(a1.endpoints().get("@chat").loggedIn());
        assertEquals("LoggedIn", a1.status());
    }

    @Test
    public void readinessFromANodeThatNeverLoggedInHoldsTheLoginLikeALogin() {
        // a node that started mid-day reports readiness without the login before it
        apply(chat(AgentLogin, "09:00:00", "ixn-node1"));
        apply(chat(AgentNotReady, "09:00:10", "ixn-node2"));
        apply(chat(AgentLogout, "09:20:00", "ixn-node1"));
        assertEquals("NotReadyForNextCall", a1.status());
        apply(chat(AgentLogout, "09:30:00", "ixn-node2"));
        assertEquals("LoggedOut", a1.status());
    }

    @Test
    public void aVoiceDnHasNoHoldersAndItsLogoutEndsIt() {
        apply(at(AgentLogin, "09:00:00").source("pbx-1").media("voice").agent("a1").dn("5001").build());
        apply(at(AgentLogout, "09:30:00").source("pbx-2").media("voice").agent("a1").dn("5001").build());
        assertEquals("LoggedOut", a1.status());
        assertTrue(a1.endpoints().get("5001").holders().isEmpty());
    }

    @Test
    public void configuredPriorityDecidesTheStatus() {
        StatusPriority notReadyFirst = new StatusPriority(List.of("NotReadyForNextCall", "CallRinging"));
        AgentState a = new AgentState("acme", "a2");
        a.apply(agent(AgentLogin, "09:00:00", "a2", "5002"), notReadyFirst);
        a.apply(agent(AgentNotReady, "09:00:01", "a2", "5002"), notReadyFirst);
        a.apply(at(AgentLogin, "09:00:02").media("email").agent("a2").build(), notReadyFirst);
        a.apply(at(CallRinging, "09:00:03").media("email").agent("a2").call("e1").build(), notReadyFirst);
        assertEquals("NotReadyForNextCall", a.status());
    }
}
