package io.switchboard.engine.internal.stats;

import static io.switchboard.engine.internal.stats.Fixtures.DAILY;
import static io.switchboard.engine.internal.stats.Fixtures.add;
import static io.switchboard.engine.internal.stats.Fixtures.assertValue;
import static io.switchboard.engine.internal.stats.Fixtures.at;
import static io.switchboard.engine.internal.stats.Fixtures.ended;
import static io.switchboard.engine.internal.stats.Fixtures.happened;
import static io.switchboard.engine.internal.stats.Fixtures.profile;
import static io.switchboard.engine.internal.stats.Fixtures.ranged;
import static io.switchboard.engine.internal.stats.Fixtures.started;
import static io.switchboard.engine.internal.stats.Fixtures.type;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import java.util.List;
import org.junit.Test;

/**
 * A queue's morning, over growing, every-15-minutes, sliding, never-resetting and selection
 * profiles, with hand-computed expectations.
 *
 * <pre>
 * call queued    left                  CallWait   how                      CallAnswered (queued -> established)
 * q1   10:00:00  diverted 10:00:05     5 s        CallDistributed 5 s      @10:00:12, 12 s
 * q2   10:01:00  abandoned 10:01:30    30 s       CallAbandoned 30 s
 * q3   10:02:00  diverted 10:02:20     20 s       CallDistributed 20 s     @10:02:25, 25 s
 * q4   10:03:00  diverted 10:03:19.999 19.999 s   CallDistributed 19.999 s @10:03:19.999, 19.999 s
 * q5   10:04:00  diverted 10:04:10     10 s       CallDistributed 10 s     @10:04:20, 20 s (range end: out)
 * q6   10:05:00  still waiting
 * every call: CallEntered instant, 0 s, at queueing
 * </pre>
 */
public class QueueStatisticsTest {

    private static final List<String> ANSWERED = List.of("CallAnswered");
    private static final List<String> ANSWERED_OR_ABANDONED = List.of("CallAnswered", "CallAbandoned");
    private static final TimeProfile EVERY_15M = profile("type", "growing", "every", "PT15M");
    private static final TimeProfile SLIDING_2M = profile("type", "sliding", "window", 120, "step", 10);
    private static final TimeProfile NEVER = profile("type", "growing", "reset", List.of());
    private static final TimeProfile LAST_3 = profile("type", "selection", "size", 3);

    static ActionHistory morning() {
        ActionHistory h = new ActionHistory();
        queued(h, "q1", "10:00:00");
        left(h, "q1", "10:00:00", "10:00:05", "CallDistributed");
        add(h, happened("CallAnswered", "10:00:00", "10:00:12").call("q1"));
        queued(h, "q2", "10:01:00");
        left(h, "q2", "10:01:00", "10:01:30", "CallAbandoned");
        queued(h, "q3", "10:02:00");
        left(h, "q3", "10:02:00", "10:02:20", "CallDistributed");
        add(h, happened("CallAnswered", "10:02:00", "10:02:25").call("q3"));
        queued(h, "q4", "10:03:00");
        left(h, "q4", "10:03:00", "10:03:19.999", "CallDistributed");
        add(h, happened("CallAnswered", "10:03:00", "10:03:19.999").call("q4"));
        queued(h, "q5", "10:04:00");
        left(h, "q5", "10:04:00", "10:04:10", "CallDistributed");
        add(h, happened("CallAnswered", "10:04:00", "10:04:20").call("q5"));
        queued(h, "q6", "10:05:00");
        return h;
    }

    private static void queued(ActionHistory h, String call, String at) {
        add(h, happened("CallEntered", at, at).call(call), started("CallWait", at).call(call));
    }

    private static void left(ActionHistory h, String call, String from, String to, String how) {
        add(h, ended("CallWait", from, to).call(call), happened(how, from, to).call(call));
    }

    private record Row(String why, StatType type, TimeProfile profile, String t, Number expected) {
    }

    private static void check(ActionHistory h, List<Row> rows) {
        for (Row r : rows) {
            assertValue(r.why(), r.expected(),
                    StatEvaluator.evaluate(r.type(), ObjectType.Queue, h, r.profile(), at(r.t()), Filter.NONE, null));
        }
    }

    @Test
    public void dailyQueueValues() {
        check(morning(), List.of(
                new Row("TotalNumber CallEntered", type("TotalNumber", "CallEntered"), DAILY, "10:06:00", 6L),
                new Row("TotalTime CallEntered (0 s each)", type("TotalTime", "CallEntered"), DAILY, "10:06:00", 0.0),
                // 5 + 30 + 20 + 19.999 + 10 + q6 running 60
                new Row("TotalTime CallWait", type("TotalTime", "CallWait"), DAILY, "10:06:00", 144.999),
                // 84.999 / 5 = 16.9998 s, to the millisecond 17.000
                new Row("AverageTime CallWait", type("AverageTime", "CallWait"), DAILY, "10:06:00", 17.0),
                // distributed instants carry the time in queue: 5 + 20 + 19.999 + 10
                new Row("TotalTime CallDistributed", type("TotalTime", "CallDistributed"), DAILY, "10:06:00",
                        54.999),
                new Row("CurrentNumber CallWait", type("CurrentNumber", "CallWait"), DAILY, "10:06:00", 1L),
                // oldest waiting: q6 since 10:05:00
                new Row("CurrentMaxTime CallWait", type("CurrentMaxTime", "CallWait"), DAILY, "10:06:00", 60.0),
                // answered in [0, 20): q1 12 s and q4 19.999 s; q5 at exactly 20 s is out
                new Row("TotalNumberInTimeRange answered", ranged("TotalNumberInTimeRange", ANSWERED, List.of(), 0,
                        20), DAILY, "10:06:00", 2L),
                // 100 x 2 / (4 answered + 1 abandoned)
                new Row("ServiceFactor", ranged("ServiceFactor", ANSWERED, ANSWERED_OR_ABANDONED, 0, 20), DAILY,
                        "10:06:00", 40.0),
                // [20, 30): q5 20 s (start included) and q3 25 s
                new Row("TotalNumberInTimeRange [20,30)", ranged("TotalNumberInTimeRange", ANSWERED, List.of(), 20,
                        30), DAILY, "10:06:00", 2L),
                new Row("MaxTime CallAnswered", type("MaxTime", "CallAnswered"), DAILY, "10:06:00", 25.0)));
    }

    @Test
    public void everyFifteenMinutesIsAlignedToTheEpoch() {
        check(morning(), List.of(
                // I = [10:00:00, 10:06:00]: the whole morning
                new Row("TotalNumber CallEntered", type("TotalNumber", "CallEntered"), EVERY_15M, "10:06:00", 6L),
                // I = [10:15:00, 10:15:00]: nothing started; q6 still waits but its time inside I is 0
                new Row("TotalNumber after reset", type("TotalNumber", "CallEntered"), EVERY_15M, "10:15:00", 0L),
                new Row("TotalTime after reset", type("TotalTime", "CallWait"), EVERY_15M, "10:15:00", 0.0),
                // I = [10:15:00, 10:16:30]
                new Row("TotalTime later", type("TotalTime", "CallWait"), EVERY_15M, "10:16:30", 90.0),
                new Row("current values ignore resets", type("CurrentMaxTime", "CallWait"), EVERY_15M, "10:15:00",
                        600.0),
                // I = [09:45:00, 09:59:59.999]: before any call
                new Row("before the calls", type("TotalNumber", "CallEntered"), EVERY_15M, "09:59:59.999", 0L)));
    }

    @Test
    public void slidingWindowCountsStartsAndEndsInsideIt() {
        check(morning(), List.of(
                // I = [10:04:00, 10:06:00]: q5 queued at the window start (included), q6
                new Row("TotalNumber CallEntered", type("TotalNumber", "CallEntered"), SLIDING_2M, "10:06:00", 2L),
                // q5 answered 10:04:20
                new Row("TotalNumber CallAnswered", type("TotalNumber", "CallAnswered"), SLIDING_2M, "10:06:00", 1L),
                // q5 10 + q6 60
                new Row("TotalTime CallWait", type("TotalTime", "CallWait"), SLIDING_2M, "10:06:00", 70.0),
                // I = [10:03:20, 10:05:20]: q4 left at 10:03:19.999, just outside; q5 10 s ended inside
                new Row("AverageTime CallWait", type("AverageTime", "CallWait"), SLIDING_2M, "10:05:20", 10.0),
                // q4's 0.001 s left... no: q4 ended before the window; q5 10 + q6 20
                new Row("TotalTime CallWait at 10:05:20", type("TotalTime", "CallWait"), SLIDING_2M, "10:05:20",
                        30.0),
                // q5 answered at 20 s: out of [0,20); nothing else ended in the window: 0 / 1
                new Row("ServiceFactor", ranged("ServiceFactor", ANSWERED, ANSWERED_OR_ABANDONED, 0, 20),
                        SLIDING_2M, "10:05:20", 0.0)));
    }

    @Test
    public void selectionKeepsTheLastActionsByEndTime() {
        check(morning(), List.of(
                // last 3 answered by end: q3 25, q4 19.999, q5 20 -> 64.999 / 3 = 21.666333 -> 21.666
                new Row("AverageTime", type("AverageTime", "CallAnswered"), LAST_3, "10:06:00", 21.666),
                new Row("MaxTime", type("MaxTime", "CallAnswered"), LAST_3, "10:06:00", 25.0),
                // of q3, q4, q5 only q4 is under 20 s
                new Row("TotalNumberInTimeRange", ranged("TotalNumberInTimeRange", ANSWERED, List.of(), 0, 20),
                        LAST_3, "10:06:00", 1L),
                // numerator 1 (above); divisor: the last 3 answered-or-abandoned = q3, q4, q5 -> 3
                new Row("ServiceFactor", ranged("ServiceFactor", ANSWERED, ANSWERED_OR_ABANDONED, 0, 20), LAST_3,
                        "10:06:00", 100.0 / 3),
                // at 10:02:00 only q1 (12 s) was answered; divisor q1 + q2 abandoned: 100 x 1 / 2
                new Row("ServiceFactor early", ranged("ServiceFactor", ANSWERED, ANSWERED_OR_ABANDONED, 0, 20),
                        LAST_3, "10:02:00", 50.0),
                new Row("AverageTime early", type("AverageTime", "CallAnswered"), LAST_3, "10:02:00", 12.0),
                // nothing had ended at 10:00:01
                new Row("AverageTime before any", type("AverageTime", "CallAnswered"), LAST_3, "10:00:01", null),
                // the waiting q6 has not ended: last 3 waits are q3 20, q4 19.999, q5 10 -> 49.999 / 3 = 16.666
                new Row("AverageTime CallWait", type("AverageTime", "CallWait"), LAST_3, "10:06:00", 16.666)));
    }

    @Test
    public void zeroLengthActionsOnTheIntervalBoundsCountOnBothSides() {
        // zero-length waits exactly at the 10:15 reset and exactly at T = 10:20; a 30 s wait ending at 10:15
        ActionHistory h = Fixtures.history(ended("CallWait", "10:15:00", "10:15:00").call("a"),
                ended("CallWait", "10:20:00", "10:20:00").call("b"),
                ended("CallWait", "10:14:30", "10:15:00").call("c"));
        check(h, List.of(
                // I = [10:15:00, 10:20:00]: a and b started inside (both bounds included); c before
                new Row("TotalNumber", type("TotalNumber", "CallWait"), EVERY_15M, "10:20:00", 2L),
                // a and b add 0; c ended at the reset instant: its part inside I is 0
                new Row("TotalTime", type("TotalTime", "CallWait"), EVERY_15M, "10:20:00", 0.0),
                // ended in I: a 0, b 0, c 30 (ended at 10:15:00, included) -> 10
                new Row("AverageTime", type("AverageTime", "CallWait"), EVERY_15M, "10:20:00", 10.0),
                // the value the reset closes, I = [10:00, 10:14:59.999]: only c (a starts after T), in progress at T
                new Row("TotalNumber closing", type("TotalNumber", "CallWait"), EVERY_15M, "10:14:59.999", 1L),
                new Row("TotalTime closing", type("TotalTime", "CallWait"), EVERY_15M, "10:14:59.999", 29.999)));
    }

    @Test
    public void selectionBreaksEndTiesByStartTime() {
        // both end at 10:00:30; the one that started later is the "last" one
        ActionHistory h = Fixtures.history(ended("CallWait", "10:00:20", "10:00:30").call("late"),
                ended("CallWait", "10:00:00", "10:00:30").call("early"));
        assertValue("size 1", 10.0, StatEvaluator.evaluate(type("AverageTime", "CallWait"), ObjectType.Queue, h,
                profile("type", "selection", "size", 1), at("10:01:00"), Filter.NONE, null));
    }

    @Test
    public void selectionRejectsCategoriesWithoutMeaningThere() {
        for (String category : List.of("TotalNumber", "TotalTime", "CurrentNumber", "CurrentTime", "CurrentMaxTime")) {
            try {
                StatEvaluator.evaluate(type(category, "CallWait"), ObjectType.Queue, morning(), LAST_3, at("10:06:00"),
                        Filter.NONE, null);
                fail(category + " with a selection must be rejected");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("selection"));
            }
        }
    }

    @Test
    public void neverResettingProfileCountsFromTheHorizonAndSaysPartialOnceSomethingWasForgotten() {
        ActionHistory h = morning();
        StatType entered = type("TotalNumber", "CallEntered");
        Value whole = StatEvaluator.evaluate(entered, ObjectType.Queue, h, NEVER, at("10:06:00"), Filter.NONE, null);
        assertEquals(6L, whole.value());
        assertEquals("complete history", false, whole.partial());

        // keep one hour plus: nothing forgotten yet
        h.prune(at("09:00:00"));
        assertEquals(false, StatEvaluator.evaluate(entered, ObjectType.Queue, h, NEVER, at("10:06:00"), Filter.NONE,
                null).partial());

        // forget what ended before 10:02:00: q1 and q2 entered earlier; q3..q6 remain
        h.prune(at("10:02:00"));
        Value cut = StatEvaluator.evaluate(entered, ObjectType.Queue, h, NEVER, at("10:06:00"), Filter.NONE, null);
        assertEquals(4L, cut.value());
        assertEquals(true, cut.partial());
        // today's interval [00:00, 10:06] reaches past the horizon too
        Value today = StatEvaluator.evaluate(entered, ObjectType.Queue, h, DAILY, at("10:06:00"), Filter.NONE, null);
        assertEquals(4L, today.value());
        assertEquals(true, today.partial());
        // an interval inside what is known is not partial: [10:15, 10:16:30]
        assertEquals(false, StatEvaluator.evaluate(type("TotalTime", "CallWait"), ObjectType.Queue, h, EVERY_15M,
                at("10:16:30"), Filter.NONE, null).partial());
        // TotalTime from the horizon: q3 20 + q4 19.999 + q5 10 + q6 60 (waits that began before 10:02 are gone)
        assertValue("TotalTime clipped at the horizon", 109.999, StatEvaluator.evaluate(type("TotalTime", "CallWait"),
                ObjectType.Queue, h, NEVER, at("10:06:00"), Filter.NONE, null));
        // selection: 3 answered remain (q3, q4, q5): enough, not partial; size 5 is short, so partial
        assertEquals(false, StatEvaluator.evaluate(type("AverageTime", "CallAnswered"), ObjectType.Queue, h, LAST_3,
                at("10:06:00"), Filter.NONE, null).partial());
        Value last5 = StatEvaluator.evaluate(type("AverageTime", "CallAnswered"), ObjectType.Queue, h,
                profile("type", "selection", "size", 5), at("10:06:00"), Filter.NONE, null);
        assertEquals(true, last5.partial());
    }

    @Test
    public void aHistoryStartedLateIsPartialForIntervalsBeforeItsStart() {
        ActionHistory h = new ActionHistory(at("10:00:00"));
        add(h, happened("CallEntered", "10:01:00", "10:01:00").call("x"));
        Value today = StatEvaluator.evaluate(type("TotalNumber", "CallEntered"), ObjectType.Queue, h, DAILY,
                at("10:06:00"), Filter.NONE, null);
        assertEquals(1L, today.value());
        assertEquals(true, today.partial());
        Value quarter = StatEvaluator.evaluate(type("TotalNumber", "CallEntered"), ObjectType.Queue, h, EVERY_15M,
                at("10:06:00"), Filter.NONE, null);
        assertEquals(false, quarter.partial());
    }
}
