package io.switchboard.engine.internal.core;

import static io.switchboard.api.event.EventType.AgentLogin;
import static io.switchboard.api.event.EventType.AgentLogout;
import static io.switchboard.api.event.EventType.AgentNotReady;
import static io.switchboard.api.event.EventType.AgentReady;
import static io.switchboard.api.event.EventType.CallEstablished;
import static io.switchboard.api.event.EventType.CallReleased;
import static io.switchboard.api.event.EventType.CallRinging;
import static org.junit.Assert.assertEquals;

import io.switchboard.api.event.CanonicalEvent;
import io.switchboard.api.event.EventType;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.engine.internal.stats.ActionHistory;
import io.switchboard.engine.internal.stats.StatEvaluator;
import io.switchboard.engine.internal.stats.TimeProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * An agent on voice through one source and on chat through another: the composed status (fine
 * points 2 and 8) is one timeline, whatever order the two sources' events arrive in. Every
 * expectation is worked out by hand from the composed timeline written above each scenario, and
 * each scenario is replayed in time order and with one source's events all arriving first.
 */
public class ComposedTimelineTest {

    private static final TimeProfile DAILY = TimeProfile.parse(Map.of("type", "growing", "reset", List.of("00:00")));

    private static long seq;

    private static long t(String iso) {
        return Instant.parse(iso + "Z").toEpochMilli();
    }

    private static CanonicalEvent.Builder ev(EventType type, String iso, String source) {
        CanonicalEvent.Builder b = CanonicalEvent.builder(type).ts(t(iso)).source(source).seq(++seq).tenant("acme")
                .agent("a1");
        return "chat".equals(source) ? b.media("chat") : b.dn("5001");
    }

    /**
     * Scenario "short": voice 08:59:00 login, 08:59:05 ready, 09:00:05 ringing c1, 09:00:07
     * answered, 09:02:00 released; chat 09:00:00 login, 09:00:10 ready, 09:01:00 logout.
     * Composed: LoggedIn 08:59:00, WaitForNextCall 08:59:05, CallRinging 09:00:05, CallInbound
     * 09:00:07, WaitForNextCall 09:02:00 (no chat change ever changes the composed value).
     */
    private static List<CanonicalEvent> shortDay() {
        return List.of(
                ev(AgentLogin, "2026-03-02T08:59:00", "voice").place("p1").build(),
                ev(AgentReady, "2026-03-02T08:59:05", "voice").build(),
                ev(AgentLogin, "2026-03-02T09:00:00", "chat").place("p1").build(),
                ev(CallRinging, "2026-03-02T09:00:05", "voice").call("c1").build(),
                ev(CallEstablished, "2026-03-02T09:00:07", "voice").call("c1").build(),
                ev(AgentReady, "2026-03-02T09:00:10", "chat").build(),
                ev(AgentLogout, "2026-03-02T09:01:00", "chat").build(),
                ev(CallReleased, "2026-03-02T09:02:00", "voice").call("c1").build());
    }

    /**
     * Scenario "midnight": voice 23:50:00 login + ready, 23:58:00 ringing c1, 23:58:10 answered,
     * 00:01:00 not ready (AfterCallWork) during the call, remembered, 00:03:00 released (so
     * AfterCallWork), 00:05:00 ready; chat 23:55:00 login + ready, 00:02:00 ringing c2, 00:02:05
     * answered, 00:04:00 released, 00:06:00 logout (voice works on).
     * Composed: WaitForNextCall 23:50:00 (after a zero-length LoggedIn), CallRinging 23:58:00,
     * CallInbound 23:58:10, CallRinging 00:02:00, CallInbound 00:02:05 (voice AfterCallWork at
     * 00:03:00 is below chat's CallInbound), AfterCallWork 00:04:00, WaitForNextCall 00:05:00.
     */
    private static List<CanonicalEvent> midnight() {
        return List.of(
                ev(AgentLogin, "2026-03-01T23:50:00", "voice").place("p1").build(),
                ev(AgentReady, "2026-03-01T23:50:00", "voice").build(),
                ev(AgentLogin, "2026-03-01T23:55:00", "chat").place("p1").build(),
                ev(AgentReady, "2026-03-01T23:55:00", "chat").build(),
                ev(CallRinging, "2026-03-01T23:58:00", "voice").call("c1").build(),
                ev(CallEstablished, "2026-03-01T23:58:10", "voice").call("c1").build(),
                ev(AgentNotReady, "2026-03-02T00:01:00", "voice").workMode("AfterCallWork").build(),
                ev(CallRinging, "2026-03-02T00:02:00", "chat").call("c2").build(),
                ev(CallEstablished, "2026-03-02T00:02:05", "chat").call("c2").build(),
                ev(CallReleased, "2026-03-02T00:03:00", "voice").call("c1").build(),
                ev(CallReleased, "2026-03-02T00:04:00", "chat").call("c2").build(),
                ev(AgentReady, "2026-03-02T00:05:00", "voice").build(),
                ev(AgentLogout, "2026-03-02T00:06:00", "chat").build());
    }

    /**
     * The arrival orders each scenario is replayed in (the answers must not depend on them): in
     * time order, with every event of the other source first, with every event of the first one first.
     */
    private enum Order {
        TIME, OTHER_SOURCE_FIRST, FIRST_SOURCE_FIRST;

        List<CanonicalEvent> arrange(List<CanonicalEvent> events) {
            String first = events.get(0).source();
            List<CanonicalEvent> list = new ArrayList<>(events);
            if (this == OTHER_SOURCE_FIRST) {
                list.sort(Comparator.comparing((CanonicalEvent e) -> first.equals(e.source())));
            } else if (this == FIRST_SOURCE_FIRST) {
                list.sort(Comparator.comparing((CanonicalEvent e) -> !first.equals(e.source())));
            }
            return list;
        }
    }

    private static CanonicalEvent.Builder dn(EventType type, String time, String source, String dn) {
        return CanonicalEvent.builder(type).ts(t("2026-03-02T" + time)).source(source).seq(++seq).tenant("acme")
                .agent("a1").dn(dn);
    }

    /**
     * Scenario "two DNs": DN 5001 through switch sw1: 10:00:00 login + ready, 10:01:00 ringing
     * c1, 10:01:02 answered, 10:02:00 held, 10:02:30 retrieved, 10:05:00 released; DN 5002
     * through sw2: 10:00:30 login + ready, 10:03:00 dialing c2, 10:03:10 established, 10:04:00
     * released. Composed: WaitForNextCall 10:00:00, CallRinging 10:01:00, CallInbound 10:01:02,
     * CallOnHold 10:02:00, CallInbound 10:02:30, CallDialing 10:03:00, CallOutbound 10:03:10,
     * CallInbound 10:04:00, WaitForNextCall 10:05:00.
     */
    private static List<CanonicalEvent> twoDns() {
        return List.of(
                dn(AgentLogin, "10:00:00", "sw1", "5001").place("p1").build(),
                dn(AgentReady, "10:00:00", "sw1", "5001").build(),
                dn(AgentLogin, "10:00:30", "sw2", "5002").place("p1").build(),
                dn(AgentReady, "10:00:30", "sw2", "5002").build(),
                dn(CallRinging, "10:01:00", "sw1", "5001").call("c1").build(),
                dn(CallEstablished, "10:01:02", "sw1", "5001").call("c1").build(),
                dn(EventType.CallHeld, "10:02:00", "sw1", "5001").call("c1").build(),
                dn(EventType.CallRetrieved, "10:02:30", "sw1", "5001").call("c1").build(),
                dn(EventType.CallDialing, "10:03:00", "sw2", "5002").call("c2").build(),
                dn(CallEstablished, "10:03:10", "sw2", "5002").call("c2").build(),
                dn(CallReleased, "10:04:00", "sw2", "5002").call("c2").build(),
                dn(CallReleased, "10:05:00", "sw1", "5001").call("c1").build());
    }

    private static final Object[][] TWO_DNS = {
        // since 10:05:00
        {"CurrentTime", "WaitForNextCall", "2026-03-02T10:06:00", 60.0},
        // the outbound call on 5002 outranks the inbound one on 5001 from 10:03:10: 40 s at 10:03:50
        {"CurrentTime", "CallOutbound", "2026-03-02T10:03:50", 40.0},
        {"CurrentTime", "CallInbound", "2026-03-02T10:03:50", 0.0},
        // into CallInbound at 10:01:02, 10:02:30, 10:04:00: 58 s + 30 s + 60 s = 148 s, mean 49.333 s
        // (times have millisecond precision)
        {"TotalNumber", "CallInbound", "2026-03-02T10:06:00", 3L},
        {"TotalTime", "CallInbound", "2026-03-02T10:06:00", 148.0},
        {"AverageTime", "CallInbound", "2026-03-02T10:06:00", 49.333},
        {"MaxTime", "CallInbound", "2026-03-02T10:06:00", 60.0},
        // 10:03:00 -> 10:03:10 and 10:03:10 -> 10:04:00
        {"TotalTime", "CallDialing", "2026-03-02T10:06:00", 10.0},
        {"TotalTime", "CallOutbound", "2026-03-02T10:06:00", 50.0},
        // WaitForNextCall 10:00:00 -> 10:01:00 and 10:05:00 -> 10:06:00; sw2's login changed nothing
        {"TotalNumber", "WaitForNextCall", "2026-03-02T10:06:00", 2L},
        {"TotalTime", "WaitForNextCall", "2026-03-02T10:06:00", 120.0},
    };

    @Test
    public void anAgentOnTwoDnsThroughTwoSwitches() {
        check("two DNs", twoDns(), TWO_DNS);
        checkPlace("two DNs", twoDns(), TWO_DNS, false);
        checkPlace("two DNs, one agent each", twoDns(), TWO_DNS, true);
    }

    @Test
    public void placeGroupSumsAddThePlacesComposedTimelines() {
        // p1 holds the midnight agent, p2 the two-DN agent (evaluated the next morning's day at 10:06)
        List<ActionHistory> places = List.of(placeAfter(Order.OTHER_SOURCE_FIRST.arrange(midnight()), false).history(),
                placeAfter(Order.OTHER_SOURCE_FIRST.arrange(twoDns()), false).history());
        long at = t("2026-03-02T10:06:00");
        // midnight: 1 change, 235 s, ended 230 + 115; two DNs: 3 changes, 148 s, ended 58 + 30 + 60
        // -> 4 changes, 383 s, mean (230 + 115 + 148) / 5 = 98.6 s, max 230 s
        Object[][] rows = {{"TotalNumber", 4L}, {"TotalTime", 383.0}, {"AverageTime", 98.6}, {"MaxTime", 230.0}};
        for (Object[] row : rows) {
            assertEquals((String) row[0], row[1], StatEvaluator.evaluateGroup(status((String) row[0], "CallInbound"),
                    ObjectType.Place, places, DAILY, at, null, null).value());
        }
    }

    private static AgentState agentAfter(List<CanonicalEvent> events) {
        AgentState a = new AgentState("acme", "a1");
        for (CanonicalEvent e : events) {
            a.apply(e, StatusPriority.DEFAULT);
        }
        return a;
    }

    private static StatType status(String category, String... mask) {
        return new StatType(category, List.of(ObjectType.Agent), category, StatType.Subject.Status, List.of(mask),
                List.of(), null, null);
    }

    private static Number value(ActionHistory h, StatType type, String at) {
        return StatEvaluator.evaluate(type, ObjectType.Agent, h, DAILY, t(at), null, null).value();
    }

    /** category, mask, evaluated at, expected (seconds as Double, counts as Long, null). */
    private static final Object[][] SHORT = {
        // since 09:02:00, so at 09:03:00 WaitForNextCall has lasted 60 s
        {"CurrentTime", "WaitForNextCall", "2026-03-02T09:03:00", 60.0},
        // mid-call at 09:01:30: CallInbound since 09:00:07 = 83 s (the 83 s)
        {"CurrentTime", "CallInbound", "2026-03-02T09:01:30", 83.0},
        {"CurrentTime", "WaitForNextCall", "2026-03-02T09:01:30", 0.0},
        // changes to WaitForNextCall: 08:59:05 and 09:02:00
        {"TotalNumber", "WaitForNextCall", "2026-03-02T09:03:00", 2L},
        // 08:59:05 -> 09:00:05 = 60 s, plus 09:02:00 -> 09:03:00 = 60 s
        {"TotalTime", "WaitForNextCall", "2026-03-02T09:03:00", 120.0},
        // only the first stretch ended: 60 s
        {"AverageTime", "WaitForNextCall", "2026-03-02T09:03:00", 60.0},
        {"MaxTime", "WaitForNextCall", "2026-03-02T09:03:00", 60.0},
        // CallRinging 09:00:05 and CallInbound 09:00:07: 2 changes into the mask, 2 s + 113 s
        {"TotalNumber", "CallRinging,CallInbound", "2026-03-02T09:03:00", 2L},
        {"TotalTime", "CallRinging,CallInbound", "2026-03-02T09:03:00", 115.0},
        // the chat login never decided the composed value: LoggedIn only 08:59:00 -> 08:59:05
        {"TotalNumber", "LoggedIn", "2026-03-02T09:03:00", 1L},
        {"TotalTime", "LoggedIn", "2026-03-02T09:03:00", 5.0},
        {"TotalNumber", "LoggedOut", "2026-03-02T09:03:00", 0L},
    };

    private static final Object[][] MIDNIGHT = {
        // since 00:05:00
        {"CurrentTime", "WaitForNextCall", "2026-03-02T00:10:00", 300.0},
        // chat's answer at 00:02:05 started the CallInbound running at 00:03:30: 85 s
        {"CurrentTime", "CallInbound", "2026-03-02T00:03:30", 85.0},
        // after the reset only the change at 00:02:05 went into CallInbound
        {"TotalNumber", "CallInbound", "2026-03-02T00:10:00", 1L},
        // 00:00:00 -> 00:02:00 = 120 s (clipped at the reset) + 00:02:05 -> 00:04:00 = 115 s
        {"TotalTime", "CallInbound", "2026-03-02T00:10:00", 235.0},
        // ended today: 23:58:10 -> 00:02:00 = 230 s and 115 s; mean 172.5
        {"AverageTime", "CallInbound", "2026-03-02T00:10:00", 172.5},
        {"MaxTime", "CallInbound", "2026-03-02T00:10:00", 230.0},
        // the remembered not-ready shows only once both calls ended: 00:04:00 -> 00:05:00
        {"TotalNumber", "AfterCallWork", "2026-03-02T00:10:00", 1L},
        {"TotalTime", "AfterCallWork", "2026-03-02T00:10:00", 60.0},
        // CallRinging 00:02:00 -> 00:02:05 only (23:58 was yesterday)
        {"TotalNumber", "CallRinging", "2026-03-02T00:10:00", 1L},
        {"TotalTime", "CallRinging", "2026-03-02T00:10:00", 5.0},
        // WaitForNextCall 00:05:00 -> 00:10:00 (the chat logout at 00:06 changed nothing)
        {"TotalNumber", "WaitForNextCall", "2026-03-02T00:10:00", 1L},
        {"TotalTime", "WaitForNextCall", "2026-03-02T00:10:00", 300.0},
        // yesterday's evening: WaitForNextCall 23:50:00 -> 23:58:00 = 480 s
        {"TotalTime", "WaitForNextCall", "2026-03-01T23:59:00", 480.0},
    };

    private static void check(String scenario, List<CanonicalEvent> events, Object[][] table) {
        for (Order order : Order.values()) {
            AgentState a = agentAfter(order.arrange(events));
            for (Object[] row : table) {
                String why = scenario + " " + order + " " + row[0] + "(" + row[1] + ") at " + row[2];
                assertEquals(why, row[3], value(a.history(), status((String) row[0], ((String) row[1]).split(",")),
                        (String) row[2]));
            }
        }
    }

    @Test
    public void statusStatisticsFollowTheComposedTimelineWhateverTheArrivalOrder() {
        check("short", shortDay(), SHORT);
    }

    @Test
    public void voiceAndChatAcrossMidnightWithOverlappingCallsAndARememberedNotReady() {
        check("midnight", midnight(), MIDNIGHT);
    }

    @Test
    public void sinceIsWhenTheComposedValueLastChangedNotWhenAComponentDid() {
        for (Order order : Order.values()) {
            AgentState a = agentAfter(order.arrange(shortDay()));
            assertEquals(order + " status", "WaitForNextCall", a.currentState().status());
            assertEquals(order + " since", Long.valueOf(t("2026-03-02T09:02:00")), a.currentState().since());
            AgentState m = agentAfter(order.arrange(midnight()));
            assertEquals(order + " midnight since", Long.valueOf(t("2026-03-02T00:05:00")), m.currentState().since());
        }
    }

    @Test
    public void groupSumsAddTheMembersComposedTimelines() {
        // a1 lived "midnight" in time order, a2 the same day with the chat source's events first
        List<ActionHistory> members = List.of(agentAfter(Order.TIME.arrange(midnight())).history(),
                agentAfter(Order.OTHER_SOURCE_FIRST.arrange(midnight())).history());
        long at = t("2026-03-02T00:10:00");
        // 1 + 1 changes into CallInbound; 235 s + 235 s; ended 230, 115, 230, 115 -> mean 172.5, max 230
        Object[][] rows = {
            {"TotalNumber", 2L}, {"TotalTime", 470.0}, {"AverageTime", 172.5}, {"MaxTime", 230.0},
            // both are in WaitForNextCall, not CallInbound, at 00:10
            {"CurrentNumber", 0L},
        };
        for (Object[] row : rows) {
            assertEquals((String) row[0], row[1], StatEvaluator.evaluateGroup(status((String) row[0], "CallInbound"),
                    ObjectType.Agent, members, DAILY, at, null, null).value());
        }
        assertEquals("CurrentNumber WaitForNextCall", 2L, StatEvaluator.evaluateGroup(
                status("CurrentNumber", "WaitForNextCall"), ObjectType.Agent, members, DAILY, at, null, null).value());
    }

    /** Replays events into their agents and the one place p1 they are logged in at, as the grid does. */
    private static PlaceState placeAfter(List<CanonicalEvent> events, boolean agentPerSource) {
        Map<String, AgentState> agents = new java.util.HashMap<>();
        PlaceState place = new PlaceState("acme", "p1");
        for (CanonicalEvent e : events) {
            String id = agentPerSource ? e.source() : "a1";
            AgentState a = agents.computeIfAbsent(id, k -> new AgentState("acme", k));
            List<ActionRecord> changes = a.apply(e, StatusPriority.DEFAULT);
            place.update(id, PlaceState.Contribution.of(a, e.ts()), changes, e.ts(), StatusPriority.DEFAULT);
        }
        return place;
    }

    private static void checkPlace(String scenario, List<CanonicalEvent> events, Object[][] table,
            boolean agentPerSource) {
        for (Order order : Order.values()) {
            PlaceState p = placeAfter(order.arrange(events), agentPerSource);
            for (Object[] row : table) {
                String why = scenario + " place " + order + " " + row[0] + "(" + row[1] + ") at " + row[2];
                StatType type = status((String) row[0], ((String) row[1]).split(","));
                assertEquals(why, row[3],
                        StatEvaluator.evaluate(type, ObjectType.Place, p.history(), DAILY, t((String) row[2]), null,
                                null).value());
            }
        }
    }

    @Test
    public void aPlaceOfOneAgentOnTwoMediaFollowsTheAgentsComposedTimeline() {
        checkPlace("short", shortDay(), SHORT, false);
        checkPlace("midnight", midnight(), MIDNIGHT, false);
        PlaceState p = placeAfter(Order.OTHER_SOURCE_FIRST.arrange(midnight()), false);
        assertEquals(Long.valueOf(t("2026-03-02T00:05:00")), p.currentState().since());
    }

    /**
     * Two agents at p1, one on voice and one on chat, each through its own source: the place's
     * composed timeline is the same as one agent's on both media (the place status is the highest
     * of its agents').
     */
    @Test
    public void aPlaceOfTwoAgentsFromTwoSourcesComposesTheirTimelines() {
        checkPlace("short", shortDay(), SHORT, true);
        checkPlace("midnight", midnight(), MIDNIGHT, true);
        for (Order order : Order.values()) {
            PlaceState p = placeAfter(order.arrange(shortDay()), true);
            assertEquals(order + " since", Long.valueOf(t("2026-03-02T09:02:00")), p.currentState().since());
        }
    }
}
