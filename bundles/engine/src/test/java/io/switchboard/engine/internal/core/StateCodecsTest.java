package io.switchboard.engine.internal.core;

import static io.switchboard.api.event.EventType.AgentLogin;
import static io.switchboard.api.event.EventType.AgentLogout;
import static io.switchboard.api.event.EventType.AgentReady;
import static io.switchboard.api.event.EventType.CallEstablished;
import static io.switchboard.api.event.EventType.CallHeld;
import static io.switchboard.api.event.EventType.CallRinging;
import static io.switchboard.engine.internal.core.Events.agent;
import static io.switchboard.engine.internal.core.Events.at;
import static io.switchboard.engine.internal.core.Events.call;
import static org.junit.Assert.assertEquals;

import io.switchboard.api.grid.GridCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.Test;

public class StateCodecsTest {

    private static <T> T roundTrip(GridCodec<T> codec, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.write(new DataOutputStream(bytes), value);
        return codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Test
    public void agentStateSurvivesTheWireAndKeepsWorking() throws IOException {
        AgentState a = new AgentState("acme", "a1");
        a.apply(at(AgentLogin, "09:00:00").agent("a1").dn("5001").place("p1").build(), StatusPriority.DEFAULT);
        a.apply(agent(AgentReady, "09:00:01", "a1", "5001"), StatusPriority.DEFAULT);
        a.apply(call(CallRinging, "09:00:05", "a1", "5001", "c1"), StatusPriority.DEFAULT);
        a.apply(call(CallEstablished, "09:00:07", "a1", "5001", "c1"), StatusPriority.DEFAULT);
        AgentState copy = roundTrip(StateCodecs.AGENT, a);
        assertEquals(a.currentState(), copy.currentState());
        assertEquals(a.running(), copy.running());
        // both continue identically
        a.apply(call(CallHeld, "09:01:00", "a1", "5001", "c1"), StatusPriority.DEFAULT);
        copy.apply(call(CallHeld, "09:01:00", "a1", "5001", "c1"), StatusPriority.DEFAULT);
        assertEquals(a.currentState(), copy.currentState());
        assertEquals("CallOnHold", copy.status());
    }

    private static AgentState chatOnTwoNodes() {
        AgentState a = new AgentState("acme", "a1");
        a.apply(at(AgentLogin, "09:00:00").source("ixn-node1").media("chat").agent("a1").build(), StatusPriority.DEFAULT);
        a.apply(at(AgentLogin, "09:00:01").source("ixn-node2").media("chat").agent("a1").build(), StatusPriority.DEFAULT);
        return a;
    }

    @Test
    public void theSourcesHoldingAMediaLoginSurviveTheWire() throws IOException {
        AgentState copy = roundTrip(StateCodecs.AGENT, chatOnTwoNodes());
        assertEquals(java.util.Set.of("ixn-node1", "ixn-node2"), copy.endpoints().get("@chat").holders());
        copy.apply(at(AgentLogout, "10:00:00").source("ixn-node1").media("chat").agent("a1").build(),
                StatusPriority.DEFAULT);
        assertEquals("LoggedIn", copy.status());
    }

    @Test
    public void aVersionOneAgentIsStillReadAndItsLoginOfUnknownSourcesEndsAtTheFirstLogout() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StateCodecs.writeAgent(new DataOutputStream(bytes), chatOnTwoNodes(), 1);
        AgentState old = StateCodecs.AGENT.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals("LoggedIn", old.status());
        assertEquals(java.util.Set.of(), old.endpoints().get("@chat").holders());
        old.apply(at(AgentLogout, "10:00:00").source("ixn-node1").media("chat").agent("a1").build(),
                StatusPriority.DEFAULT);
        assertEquals("LoggedOut", old.status());
    }

    @Test
    public void eventSurvivesTheWire() throws IOException {
        var e = at(CallRinging, "09:00:05").agent("a1").dn("5001").call("c1")
                .data(java.util.Map.of("segment", "gold")).direction("internal").build();
        assertEquals(e, roundTrip(StateCodecs.EVENT, e));
    }

    @Test
    public void placeContributionKeepsTheAgentsComposedTimelineOnTheWire() throws IOException {
        AgentState a = new AgentState("acme", "a1");
        a.apply(at(AgentLogin, "09:00:00").agent("a1").dn("5001").place("p1").build(), StatusPriority.DEFAULT);
        a.apply(agent(AgentReady, "09:00:01", "a1", "5001"), StatusPriority.DEFAULT);
        a.apply(call(CallRinging, "09:00:05", "a1", "5001", "c1"), StatusPriority.DEFAULT);
        PlaceState.Contribution c = PlaceState.Contribution.of(a, Events.t("09:00:01"));
        // WaitForNextCall from 09:00:01, CallRinging from 09:00:05
        assertEquals(2, c.timeline().size());
        assertEquals(c, roundTrip(StateCodecs.CONTRIBUTION, c));

        PlaceState p = new PlaceState("acme", "p1");
        p.update("a1", c, Events.t("09:00:05"), StatusPriority.DEFAULT);
        PlaceState copy = roundTrip(StateCodecs.PLACE, p);
        assertEquals(p.currentState(), copy.currentState());
        assertEquals(p.agents(), copy.agents());
    }
}
