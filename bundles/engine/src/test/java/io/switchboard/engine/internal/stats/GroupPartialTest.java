package io.switchboard.engine.internal.stats;

import static io.switchboard.engine.internal.stats.Fixtures.DAILY;
import static io.switchboard.engine.internal.stats.Fixtures.assertValue;
import static io.switchboard.engine.internal.stats.Fixtures.at;
import static io.switchboard.engine.internal.stats.Fixtures.ended;
import static io.switchboard.engine.internal.stats.Fixtures.formula;
import static io.switchboard.engine.internal.stats.Fixtures.happened;
import static io.switchboard.engine.internal.stats.Fixtures.profile;
import static io.switchboard.engine.internal.stats.Fixtures.ranged;
import static io.switchboard.engine.internal.stats.Fixtures.started;
import static io.switchboard.engine.internal.stats.Fixtures.status;
import static io.switchboard.engine.internal.stats.Fixtures.type;
import static org.junit.Assert.assertEquals;

import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * A group of two agents, T = 09:00:00.
 *
 * <pre>
 * ann  CallInbound 08:00:00 -> 08:01:40 (100 s), 08:10:00 -> 08:13:20 (200 s); WaitForNextCall since 08:13:20
 *      CallAnswered @08:00:00 5 s, @08:10:00 30 s
 * bob  CallInbound 08:20:00 -> 08:30:00 (600 s); CallInbound since 08:50:00 (running)
 *      CallAnswered @08:20:00 10 s, @08:50:00 15 s
 * </pre>
 */
public class GroupPartialTest {

    private static final long T = at("09:00:00");

    private static ActionHistory ann() {
        ActionHistory h = Fixtures.history(ended("CallInbound", "08:00:00", "08:01:40").call("a1"),
                ended("CallInbound", "08:10:00", "08:13:20").call("a2"),
                happened("CallAnswered", "07:59:55", "08:00:00").call("a1"),
                happened("CallAnswered", "08:09:30", "08:10:00").call("a2"),
                started("WaitForNextCall", "08:13:20"));
        h.recordStatus("WaitForNextCall", at("08:13:20"));
        return h;
    }

    private static ActionHistory bob() {
        ActionHistory h = Fixtures.history(ended("CallInbound", "08:20:00", "08:30:00").call("b1"),
                happened("CallAnswered", "08:19:50", "08:20:00").call("b1"),
                started("CallInbound", "08:50:00").call("b2"),
                happened("CallAnswered", "08:49:45", "08:50:00").call("b2"));
        h.recordStatus("CallInbound", at("08:50:00"));
        return h;
    }

    private static Value group(StatType type, TimeProfile profile) {
        Partial a = StatEvaluator.partial(type, ObjectType.Agent, ann(), profile, T, Filter.NONE);
        Partial b = StatEvaluator.partial(type, ObjectType.Agent, bob(), profile, T, Filter.NONE);
        return Partial.combine(List.of(a, b), profile).value(type.parsedCategory());
    }

    @Test
    public void groupValuesCoverAllMembersActions() {
        Object[][] rows = {
                // ann 2 + bob 2 (one running)
                {type("TotalNumber", "CallInbound"), DAILY, 4L},
                // 100 + 200 + 600 + 600 (bob's running call, 08:50 -> 09:00)
                {type("TotalTime", "CallInbound"), DAILY, 1500.0},
                // ended: (100 + 200 + 600) / 3 = 300, not the mean of the means (150 + 600) / 2 = 375
                {type("AverageTime", "CallInbound"), DAILY, 300.0},
                {type("MaxTime", "CallInbound"), DAILY, 600.0},
                {type("CurrentNumber", "CallInbound"), DAILY, 1L},
                // bob's call since 08:50
                {type("CurrentMaxTime", "CallInbound"), DAILY, 600.0},
                // members whose status is in the mask
                {status("CurrentNumber", "WaitForNextCall"), DAILY, 1L},
                {status("CurrentNumber", "WaitForNextCall", "CallInbound"), DAILY, 2L},
                // CurrentTime is for Agent, Place and DN only
                {type("CurrentTime", "CallInbound"), DAILY, null},
                // answered in [0, 20): 5, 10, 15 of 5, 30, 10, 15: 100 x 3 / 4
                {ranged("ServiceFactor", List.of("CallAnswered"), List.of("CallAnswered"), 0, 20), DAILY, 75.0},
                {ranged("TotalNumberInTimeRange", List.of("CallAnswered"), List.of(), 0, 20), DAILY, 3L},
                // the group's last 2 answered by end time: bob's 08:20 (10 s) and 08:50 (15 s)
                {type("AverageTime", "CallAnswered"), profile("type", "selection", "size", 2), 12.5},
                // last 3: ann's 08:10 (30 s), bob's 10 s, 15 s
                {type("MaxTime", "CallAnswered"), profile("type", "selection", "size", 3), 30.0},
                {ranged("ServiceFactor", List.of("CallAnswered"), List.of("CallAnswered"), 0, 20),
                        profile("type", "selection", "size", 3), 200.0 / 3},
        };
        for (Object[] row : rows) {
            StatType type = (StatType) row[0];
            assertValue(type.name() + " " + row[1], (Number) row[2], group(type, (TimeProfile) row[1]));
        }
    }

    @Test
    public void evaluateGroupCombinesOperandsBeforeAFormula() {
        StatType avg = formula("Avg", "Time / Count");
        Map<String, StatType> types = Map.of("Avg", avg,
                "Time", new StatType("Time", List.of(), "TotalTime", StatType.Subject.Action, List.of("CallInbound"),
                        List.of(), null, null),
                "Count", new StatType("Count", List.of(), "TotalNumber", StatType.Subject.Action,
                        List.of("CallInbound"), List.of(), null, null));
        // group Time 1500 / group Count 4
        assertValue("group formula", 375.0, StatEvaluator.evaluateGroup(avg, ObjectType.Agent, List.of(ann(), bob()),
                DAILY, T, Filter.NONE, types::get));
        assertValue("group total", 4L, StatEvaluator.evaluateGroup(types.get("Count"), ObjectType.Agent,
                List.of(ann(), bob()), DAILY, T, Filter.NONE, types::get));
    }

    @Test
    public void anEmptyGroupHasZeroCountsAndNullAverages() {
        Partial none = Partial.combine(List.of(), DAILY);
        assertValue("count", 0L, none.value(Category.TotalNumber));
        assertValue("time", 0.0, none.value(Category.TotalTime));
        assertValue("average", null, none.value(Category.AverageTime));
        assertValue("service factor", null, none.value(Category.ServiceFactor));
        assertValue("current", 0L, none.value(Category.CurrentNumber));
    }

    @Test
    public void sinceLoginGroupsSkipLoggedOutMembersAndArePartialWhenAMemberIs() {
        TimeProfile sinceLogin = profile("type", "sinceLogin");
        ActionHistory in = Fixtures.history(started("LoggedIn", "08:00:00"),
                ended("CallInbound", "08:10:00", "08:11:00").call("x"));
        ActionHistory out = Fixtures.history(ended("CallInbound", "08:10:00", "08:12:00").call("y"));
        StatType count = type("TotalNumber", "CallInbound");
        Partial both = Partial.combine(List.of(
                StatEvaluator.partial(count, ObjectType.Agent, in, sinceLogin, T, Filter.NONE),
                StatEvaluator.partial(count, ObjectType.Agent, out, sinceLogin, T, Filter.NONE)), sinceLogin);
        assertValue("logged-in member only", 1L, both.value(Category.TotalNumber));
        Partial nobody = Partial.combine(List.of(
                StatEvaluator.partial(count, ObjectType.Agent, out, sinceLogin, T, Filter.NONE)), sinceLogin);
        assertValue("nobody logged in", null, nobody.value(Category.TotalNumber));

        ActionHistory late = new ActionHistory(at("08:30:00"));
        late.append(started("LoggedIn", "08:00:00").build());
        Value v = Partial.combine(List.of(
                StatEvaluator.partial(count, ObjectType.Agent, in, sinceLogin, T, Filter.NONE),
                StatEvaluator.partial(count, ObjectType.Agent, late, sinceLogin, T, Filter.NONE)), sinceLogin)
                .value(Category.TotalNumber);
        assertEquals("a member known only from 08:30 but logged in at 08:00", true, v.partial());
    }
}
