package io.switchboard.engine.internal.stats;

import static io.switchboard.engine.internal.stats.Fixtures.DAILY;
import static io.switchboard.engine.internal.stats.Fixtures.add;
import static io.switchboard.engine.internal.stats.Fixtures.assertValue;
import static io.switchboard.engine.internal.stats.Fixtures.at;
import static io.switchboard.engine.internal.stats.Fixtures.data;
import static io.switchboard.engine.internal.stats.Fixtures.ended;
import static io.switchboard.engine.internal.stats.Fixtures.happened;
import static io.switchboard.engine.internal.stats.Fixtures.media;
import static io.switchboard.engine.internal.stats.Fixtures.profile;
import static io.switchboard.engine.internal.stats.Fixtures.ranged;
import static io.switchboard.engine.internal.stats.Fixtures.started;
import static io.switchboard.engine.internal.stats.Fixtures.status;
import static io.switchboard.engine.internal.stats.Fixtures.type;
import static org.junit.Assert.assertFalse;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * One agent's morning (voice DN plus a chat login), every category over the profiles that apply,
 * with the expectations computed by hand in the comments.
 *
 * <pre>
 * voice  LoggedIn            08:00:00 ->  (running)
 *        WaitForNextCall     08:00:00 -> 08:10:00 (600 s), 08:12:30 -> 08:20:00 (450 s), 08:20:25 -> (running)
 *        CallRinging c1      08:10:00 -> 08:10:08 (8 s)     CallAnswered instant @08:10:08, 8 s
 *        CallInbound c1      08:10:08 -> 08:12:00 (112 s)   c1 data segment=gold
 *        CallOnHold  c1      08:11:00 -> 08:11:20 (20 s), 08:11:30 -> 08:11:40 (10 s)   (held twice)
 *        AfterCallWork       08:12:00 -> 08:12:30 (30 s)
 *        CallRinging c2      08:20:00 -> 08:20:25 (25 s)    CallAbandonedFromRinging instant @08:20:25, 25 s
 *                                                            c2 data segment=silver
 *        NotReadyForNextCall 08:50:00 -> 08:50:00 (0 s, zero-length)
 * chat   LoggedIn            08:29:00 ->  (running)
 *        CallInbound c3      08:30:00 -> 08:40:00 (600 s)   c3 data segment=gold
 * status WaitForNextCall 08:00, CallRinging 08:10:00, CallInbound 08:10:08, CallOnHold 08:11:00,
 *        CallInbound 08:11:20, CallOnHold 08:11:30, CallInbound 08:11:40, AfterCallWork 08:12:00,
 *        WaitForNextCall 08:12:30, CallRinging 08:20:00, WaitForNextCall 08:20:25,
 *        CallInbound 08:30:00, WaitForNextCall 08:40:00
 * </pre>
 * Evaluated at T = 09:00:00 unless a row says otherwise.
 */
public class AgentDayStatisticsTest {

    private static final String T = "09:00:00";
    private static final TimeProfile RESET_0811 = profile("type", "growing", "reset", List.of("00:00", "08:11"));
    private static final TimeProfile SINCE_LOGIN = profile("type", "sinceLogin");
    private static final TimeProfile SLIDING_30M = profile("type", "sliding", "window", 1800, "step", 60);

    private static ActionHistory morning() {
        ActionHistory h = new ActionHistory();
        add(h, started("LoggedIn", "08:00:00"), started("WaitForNextCall", "08:00:00"));
        h.recordStatus("WaitForNextCall", at("08:00:00"));
        add(h, ended("WaitForNextCall", "08:00:00", "08:10:00"),
                started("CallRinging", "08:10:00").call("c1").data("segment", "gold"));
        h.recordStatus("CallRinging", at("08:10:00"));
        add(h, ended("CallRinging", "08:10:00", "08:10:08").call("c1").data("segment", "gold"),
                happened("CallAnswered", "08:10:00", "08:10:08").call("c1").data("segment", "gold"),
                started("CallInbound", "08:10:08").call("c1"));
        h.recordStatus("CallInbound", at("08:10:08"));
        add(h, started("CallOnHold", "08:11:00").call("c1"));
        h.recordStatus("CallOnHold", at("08:11:00"));
        add(h, ended("CallOnHold", "08:11:00", "08:11:20").call("c1"));
        h.recordStatus("CallInbound", at("08:11:20"));
        add(h, started("CallOnHold", "08:11:30").call("c1"));
        h.recordStatus("CallOnHold", at("08:11:30"));
        add(h, ended("CallOnHold", "08:11:30", "08:11:40").call("c1"));
        h.recordStatus("CallInbound", at("08:11:40"));
        add(h, ended("CallInbound", "08:10:08", "08:12:00").call("c1"), started("AfterCallWork", "08:12:00"));
        h.recordStatus("AfterCallWork", at("08:12:00"));
        add(h, ended("AfterCallWork", "08:12:00", "08:12:30"), started("WaitForNextCall", "08:12:30"));
        h.recordStatus("WaitForNextCall", at("08:12:30"));
        add(h, ended("WaitForNextCall", "08:12:30", "08:20:00"),
                started("CallRinging", "08:20:00").call("c2").data("segment", "silver"));
        h.recordStatus("CallRinging", at("08:20:00"));
        add(h, ended("CallRinging", "08:20:00", "08:20:25").call("c2"),
                happened("CallAbandonedFromRinging", "08:20:00", "08:20:25").call("c2"),
                started("WaitForNextCall", "08:20:25"));
        h.recordStatus("WaitForNextCall", at("08:20:25"));
        add(h, started("LoggedIn", "08:29:00").media("chat"),
                started("CallInbound", "08:30:00").call("c3").media("chat").data("segment", "gold"));
        h.recordStatus("CallInbound", at("08:30:00"));
        add(h, ended("CallInbound", "08:30:00", "08:40:00").call("c3").media("chat"));
        h.recordStatus("WaitForNextCall", at("08:40:00"));
        add(h, ended("NotReadyForNextCall", "08:50:00", "08:50:00"));
        return h;
    }

    private record Row(String why, StatType type, TimeProfile profile, String t, Filter filter, Number expected) {
    }

    private static Row row(String why, StatType type, TimeProfile profile, Filter filter, Number expected) {
        return new Row(why, type, profile, T, filter, expected);
    }

    private static Row row(String why, StatType type, TimeProfile profile, Number expected) {
        return new Row(why, type, profile, T, Filter.NONE, expected);
    }

    private static void check(ActionHistory h, ObjectType objectType, List<Row> rows) {
        for (Row r : rows) {
            Value v = StatEvaluator.evaluate(r.type(), objectType, h, r.profile(), at(r.t()), r.filter(), null);
            assertValue(r.why(), r.expected(), v);
            assertFalse(r.why() + ": nothing was forgotten", v.partial());
        }
    }

    @Test
    public void actionCategoriesOverTheDayCountStartedTimeInsideAndEnded() {
        check(morning(), ObjectType.Agent, List.of(
                // c1 (voice) + c3 (chat)
                row("TotalNumber CallInbound", type("TotalNumber", "CallInbound"), DAILY, 2L),
                // held twice on the same call: two actions
                row("TotalNumber CallOnHold", type("TotalNumber", "CallOnHold"), DAILY, 2L),
                // 08:00, 08:12:30 and the running one from 08:20:25
                row("TotalNumber WaitForNextCall", type("TotalNumber", "WaitForNextCall"), DAILY, 3L),
                // zero-length still counts (fine point 5)
                row("TotalNumber zero-length NotReady", type("TotalNumber", "NotReadyForNextCall"), DAILY, 1L),
                row("TotalNumber CallAbandonedFromRinging", type("TotalNumber", "CallAbandonedFromRinging"), DAILY, 1L),
                // ~ only: everything but WaitForNextCall and LoggedIn: 2 ringing + 1 answered + 2 inbound
                // + 2 hold + 1 ACW + 1 abandoned + 1 not ready = 10
                row("TotalNumber ~WFNC ~LoggedIn", type("TotalNumber", "~WaitForNextCall", "~LoggedIn"), DAILY, 10L),
                // 112 + 600
                row("TotalTime CallInbound", type("TotalTime", "CallInbound"), DAILY, 712.0),
                // 600 + 450 + (09:00:00 - 08:20:25 = 2375)
                row("TotalTime WaitForNextCall", type("TotalTime", "WaitForNextCall"), DAILY, 3425.0),
                // 20 + 10
                row("TotalTime CallOnHold", type("TotalTime", "CallOnHold"), DAILY, 30.0),
                // instants add their full duration (fine point 6)
                row("TotalTime CallAnswered", type("TotalTime", "CallAnswered"), DAILY, 8.0),
                row("TotalTime CallAbandonedFromRinging", type("TotalTime", "CallAbandonedFromRinging"), DAILY, 25.0),
                // voice 3600 + chat (09:00 - 08:29 = 1860)
                row("TotalTime LoggedIn", type("TotalTime", "LoggedIn"), DAILY, 5460.0),
                row("TotalTime zero-length", type("TotalTime", "NotReadyForNextCall"), DAILY, 0.0),
                // (8 + 25) / 2
                row("AverageTime CallRinging", type("AverageTime", "CallRinging"), DAILY, 16.5),
                // (112 + 600) / 2
                row("AverageTime CallInbound", type("AverageTime", "CallInbound"), DAILY, 356.0),
                row("AverageTime zero-length", type("AverageTime", "NotReadyForNextCall"), DAILY, 0.0),
                // LoggedIn never ended: null
                row("AverageTime nothing ended", type("AverageTime", "LoggedIn"), DAILY, null),
                row("MaxTime CallRinging", type("MaxTime", "CallRinging"), DAILY, 25.0),
                row("MaxTime CallDialing (none)", type("MaxTime", "CallDialing"), DAILY, null),
                // ringing of 8 s in [0, 20), 25 s not
                row("TotalNumberInTimeRange CallRinging [0,20)",
                        ranged("TotalNumberInTimeRange", List.of("CallRinging"), List.of(), 0, 20), DAILY, 1L),
                // answered 1 in range / (answered 1 + abandoned 1)
                row("ServiceFactor answered vs abandoned", ranged("ServiceFactor", List.of("CallAnswered"),
                        List.of("CallAnswered", "CallAbandonedFromRinging"), 0, 20), DAILY, 50.0),
                row("ServiceFactor with no rel action", ranged("ServiceFactor", List.of("CallAnswered"),
                        List.of("CallDialing"), 0, 20), DAILY, null)));
    }

    @Test
    public void currentCategoriesLookAtWhatRunsAtT() {
        check(morning(), ObjectType.Agent, List.of(
                // voice and chat logins
                row("CurrentNumber LoggedIn", type("CurrentNumber", "LoggedIn"), DAILY, 2L),
                row("CurrentNumber WaitForNextCall", type("CurrentNumber", "WaitForNextCall"), DAILY, 1L),
                row("CurrentNumber nothing", type("CurrentNumber", "CallInbound"), DAILY, 0L),
                // oldest login: 08:00 -> 3600 s
                row("CurrentMaxTime LoggedIn", type("CurrentMaxTime", "LoggedIn"), DAILY, 3600.0),
                row("CurrentMaxTime nothing", type("CurrentMaxTime", "CallOnHold"), DAILY, 0.0),
                // status WaitForNextCall since 08:40:00
                row("CurrentTime WFNC", type("CurrentTime", "WaitForNextCall"), DAILY, 1200.0),
                row("CurrentTime other status", type("CurrentTime", "CallInbound"), DAILY, 0.0),
                // at 08:11:10 c1 was on hold (status CallOnHold since 08:11:00); CallInbound was running
                new Row("CurrentTime in the past", type("CurrentTime", "CallOnHold"), DAILY, "08:11:10",
                        Filter.NONE, 10.0),
                new Row("CurrentNumber in the past", type("CurrentNumber", "CallInbound", "CallOnHold"), DAILY,
                        "08:11:10", Filter.NONE, 2L),
                // status subject: the agent itself counts when its status is in the mask
                row("CurrentNumber Status WFNC", status("CurrentNumber", "WaitForNextCall"), DAILY, 1L),
                row("CurrentNumber Status CallInbound", status("CurrentNumber", "CallInbound"), DAILY, 0L)));
    }

    @Test
    public void statusSubjectUsesStatusChangesAndStretches() {
        check(morning(), ObjectType.Agent, List.of(
                // changes to CallInbound at 08:10:08, 08:11:20, 08:11:40, 08:30:00
                row("TotalNumber Status CallInbound", status("TotalNumber", "CallInbound"), DAILY, 4L),
                // 52 + 10 + 20 + 600 (hold stretches are not CallInbound stretches)
                row("TotalTime Status CallInbound", status("TotalTime", "CallInbound"), DAILY, 682.0),
                // changes to WFNC at 08:00, 08:12:30, 08:20:25, 08:40:00
                row("TotalNumber Status WFNC", status("TotalNumber", "WaitForNextCall"), DAILY, 4L),
                // 600 + 450 + 575 + 1200 (running stretch)
                row("TotalTime Status WFNC", status("TotalTime", "WaitForNextCall"), DAILY, 2825.0),
                // (20 + 10) / 2
                row("AverageTime Status CallOnHold", status("AverageTime", "CallOnHold"), DAILY, 15.0),
                row("MaxTime Status CallInbound", status("MaxTime", "CallInbound"), DAILY, 600.0),
                // ended WFNC stretches: 600, 450, 575 (the current one has not ended)
                row("MaxTime Status WFNC", status("MaxTime", "WaitForNextCall"), DAILY, 600.0),
                // the data filter applies to actions, not to statuses
                row("TotalNumber Status with a data filter", status("TotalNumber", "CallInbound"), DAILY,
                        data("segment", "gold"), 4L)));
    }

    @Test
    public void aResetInsideActionsClipsTimeCountsStartsAndEndsOnTheirSide() {
        // I = [08:11:00, 09:00:00]: c1 talk (08:10:08 -> 08:12:00) spans the reset
        check(morning(), ObjectType.Agent, List.of(
                // c1 started before the reset, c3 after
                row("TotalNumber CallInbound", type("TotalNumber", "CallInbound"), RESET_0811, 1L),
                // c1 clipped: 08:11:00 -> 08:12:00 = 60, + 600
                row("TotalTime CallInbound", type("TotalTime", "CallInbound"), RESET_0811, 660.0),
                // both ended in I: full durations (112 + 600) / 2
                row("AverageTime CallInbound", type("AverageTime", "CallInbound"), RESET_0811, 356.0),
                row("MaxTime CallInbound", type("MaxTime", "CallInbound"), RESET_0811, 600.0),
                // first hold starts exactly at the reset: included (fine point 1)
                row("TotalNumber CallOnHold", type("TotalNumber", "CallOnHold"), RESET_0811, 2L),
                // CallAnswered happened 08:10:08, before the reset
                row("TotalNumber CallAnswered", type("TotalNumber", "CallAnswered"), RESET_0811, 0L),
                row("TotalTime CallAnswered", type("TotalTime", "CallAnswered"), RESET_0811, 0.0),
                // 0 answered in range / 1 abandoned
                row("ServiceFactor", ranged("ServiceFactor", List.of("CallAnswered"),
                        List.of("CallAnswered", "CallAbandonedFromRinging"), 0, 20), RESET_0811, 0.0),
                // the value the reset closed, evaluated at 08:10:59.999 over [00:00, 08:10:59.999]:
                // c1 talk was in progress: counted, 51.999 s elapsed, not ended yet
                new Row("TotalNumber before reset", type("TotalNumber", "CallInbound"), RESET_0811, "08:10:59.999",
                        Filter.NONE, 1L),
                new Row("TotalTime before reset", type("TotalTime", "CallInbound"), RESET_0811, "08:10:59.999",
                        Filter.NONE, 51.999),
                new Row("AverageTime before reset", type("AverageTime", "CallInbound"), RESET_0811, "08:10:59.999",
                        Filter.NONE, null),
                // CallAbandonedFromRinging at 08:20:25 has not happened yet at 08:10:59.999
                new Row("TotalNumber of a later instant", type("TotalNumber", "CallAbandonedFromRinging"),
                        RESET_0811, "08:10:59.999", Filter.NONE, 0L)));
    }

    @Test
    public void slidingWindowCoversTheLastWindowExactly() {
        // I = [08:30:00, 09:00:00]
        check(morning(), ObjectType.Agent, List.of(
                // c3 started 08:30:00, exactly at the window start
                row("TotalNumber CallInbound", type("TotalNumber", "CallInbound"), SLIDING_30M, 1L),
                row("TotalTime CallInbound", type("TotalTime", "CallInbound"), SLIDING_30M, 600.0),
                // the running WFNC from 08:20:25 started before the window: only its part inside counts
                row("TotalNumber WFNC", type("TotalNumber", "WaitForNextCall"), SLIDING_30M, 0L),
                row("TotalTime WFNC", type("TotalTime", "WaitForNextCall"), SLIDING_30M, 1800.0),
                // ringing ended at 08:10:08 and 08:20:25: outside
                row("AverageTime CallRinging", type("AverageTime", "CallRinging"), SLIDING_30M, null),
                // window [08:15:00, 08:45:00] at T = 08:45: c2 ringing 25 s and c3 talk 600 s ended inside
                new Row("MaxTime at 08:45", type("MaxTime", "CallRinging", "CallInbound"), SLIDING_30M, "08:45:00",
                        Filter.NONE, 600.0),
                new Row("TotalNumber status changes at 08:45", status("TotalNumber", "*"), SLIDING_30M, "08:45:00",
                        // CallRinging 08:20, WFNC 08:20:25, CallInbound 08:30, WFNC 08:40
                        Filter.NONE, 4L)));
    }

    @Test
    public void sinceLoginStartsAtTheEarliestLoginStillRunning() {
        ActionHistory h = morning();
        // an earlier session, over before this login: not in I = [08:00:00, 09:00:00]
        add(h, ended("LoggedIn", "07:00:00", "07:30:00"), ended("CallInbound", "07:10:00", "07:20:00").call("c0"));
        check(h, ObjectType.Agent, List.of(
                row("TotalNumber CallInbound since login", type("TotalNumber", "CallInbound"), SINCE_LOGIN, 2L),
                row("TotalNumber CallInbound today", type("TotalNumber", "CallInbound"), DAILY, 3L),
                // 112 + 600
                row("TotalTime CallInbound since login", type("TotalTime", "CallInbound"), SINCE_LOGIN, 712.0),
                // the current session's first login is voice 08:00 (chat 08:29 came later)
                row("TotalTime LoggedIn since login", type("TotalTime", "LoggedIn"), SINCE_LOGIN, 5460.0),
                row("AverageTime since login", type("AverageTime", "CallInbound"), SINCE_LOGIN, 356.0)));
    }

    @Test
    public void sinceLoginOfALoggedOutAgentIsNullButCurrentValuesStay() {
        ActionHistory h = Fixtures.history(ended("LoggedIn", "07:00:00", "07:30:00"),
                ended("CallInbound", "07:10:00", "07:20:00").call("c0"));
        h.recordStatus("LoggedIn", at("07:00:00"));
        h.recordStatus("LoggedOut", at("07:30:00"));
        TimeProfile sinceLogin = profile("type", "sinceLogin");
        check(h, ObjectType.Agent, List.of(
                row("TotalNumber", type("TotalNumber", "CallInbound"), sinceLogin, null),
                row("TotalTime", type("TotalTime", "CallInbound"), sinceLogin, null),
                row("AverageTime", type("AverageTime", "CallInbound"), sinceLogin, null),
                // 09:00 - 07:30
                row("CurrentTime LoggedOut", type("CurrentTime", "LoggedOut"), sinceLogin, 5400.0)));
    }

    @Test
    public void sinceLoginTakesTheEarliestLoginStillRunningOnAnyMedia() {
        // voice 08:00 -> 08:30 is over; chat from 08:15 still runs: I = [08:15:00, 09:00:00]
        ActionHistory h = Fixtures.history(started("LoggedIn", "08:00:00"), started("LoggedIn", "08:15:00").media("chat"),
                ended("CallInbound", "08:10:00", "08:12:00").call("a"),
                ended("CallInbound", "08:20:00", "08:22:00").call("b").media("chat"),
                ended("LoggedIn", "08:00:00", "08:30:00"));
        check(h, ObjectType.Agent, List.of(
                row("TotalNumber", type("TotalNumber", "CallInbound"), SINCE_LOGIN, 1L),
                // voice 08:15 -> 08:30 = 900 + chat 08:15 -> 09:00 = 2700
                row("TotalTime LoggedIn", type("TotalTime", "LoggedIn"), SINCE_LOGIN, 3600.0)));
    }

    @Test
    public void filtersRestrictByMediaAndMergedCallData() {
        ActionHistory h = morning();
        // data attached to c1 after its actions ended is seen by the filter (fine point 12)
        h.updateCallData("c1", Map.of("vip", "yes"));
        check(h, ObjectType.Agent, List.of(
                row("chat only", type("TotalNumber", "CallInbound"), DAILY, media("chat"), 1L),
                row("voice only", type("TotalNumber", "CallInbound"), DAILY, media("voice"), 1L),
                row("voice or chat", type("TotalNumber", "CallInbound"), DAILY, media("voice", "chat"), 2L),
                row("email", type("TotalNumber", "CallInbound"), DAILY, media("email"), 0L),
                // c1 and c3 are gold
                row("gold", type("TotalNumber", "CallInbound"), DAILY, data("segment", "gold"), 2L),
                row("gold talk time", type("TotalTime", "CallInbound"), DAILY, data("segment", "gold"), 712.0),
                row("silver ringing", type("TotalNumber", "CallRinging"), DAILY, data("segment", "silver"), 1L),
                // all keys must match: only c1 is gold and vip
                row("gold and vip", type("TotalNumber", "CallInbound"), DAILY, data("segment", "gold", "vip", "yes"),
                        1L),
                row("voice and gold", type("TotalNumber", "CallInbound"), DAILY,
                        new Filter(List.of("voice"), Map.of("segment", "gold")), 1L),
                // readiness and login have no call, so no data (fine point 12)
                row("data filter on readiness", type("TotalNumber", "WaitForNextCall"), DAILY,
                        data("segment", "gold"), 0L),
                row("data filter on logins now", type("CurrentNumber", "LoggedIn"), DAILY, data("segment", "gold"),
                        0L),
                row("media filter on logins now", type("CurrentNumber", "LoggedIn"), DAILY, media("chat"), 1L),
                // answered 8 s gold / (answered + abandoned silver) with gold filter: 1/1
                row("gold service factor", ranged("ServiceFactor", List.of("CallAnswered"),
                        List.of("CallAnswered", "CallAbandonedFromRinging"), 0, 20), DAILY, data("segment", "gold"),
                        100.0)));
    }

    @Test
    public void currentTimeIsNullOnObjectsWithoutStatusAndZeroForAnAgentWithNoEvent() {
        ActionHistory queue = new ActionHistory();
        assertValue("queue", null, StatEvaluator.evaluate(type("CurrentTime", "LoggedOut"), ObjectType.Queue, queue,
                DAILY, at(T), Filter.NONE, null));
        ActionHistory agent = new ActionHistory();
        // no event yet: LoggedOut with since null, so no elapsed time to show
        assertValue("new agent", 0.0, StatEvaluator.evaluate(type("CurrentTime", "LoggedOut"), ObjectType.Agent,
                agent, DAILY, at(T), Filter.NONE, null));
        assertValue("new agent status", 1L, StatEvaluator.evaluate(status("CurrentNumber", "LoggedOut"),
                ObjectType.Agent, agent, DAILY, at(T), Filter.NONE, null));
    }
}
