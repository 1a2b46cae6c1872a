package io.switchboard.engine.internal.stats;

import static io.switchboard.engine.internal.stats.Fixtures.at;
import static io.switchboard.engine.internal.stats.Fixtures.profile;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.ActionRecord.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

/**
 * The kept tallies give exactly what a scan of the history gives: random histories (in and out
 * of end order, instant actions, status stretches recomposed, attached data changing under data
 * filters, pruning) read at random times, mostly forward and sometimes back, every definition
 * compared field by field with the scanning evaluation after every change.
 */
public class TallyTest {

    private static final String[] NAMES = {"CallInbound", "CallOutbound", "CallRinging", "AfterCallWork", "NotReady"};
    private static final String[] MEDIA = {"voice", "chat"};
    private static final String[] STATUSES = {"WaitForNextCall", "CallInbound", "AfterCallWork", "NotReadyForNextCall"};

    private static final List<StatType> TYPES = List.of(
            type("TotalNumber", StatType.Subject.Action, List.of("CallInbound"), List.of(), null),
            type("TotalTime", StatType.Subject.Action, List.of("CallInbound", "CallOutbound"), List.of(), null),
            type("MaxTime", StatType.Subject.Action, List.of("AfterCallWork"), List.of(), null),
            type("TotalNumberInTimeRange", StatType.Subject.Action, List.of("CallInbound"), List.of("CallRinging"),
                    new double[] {0, 20}),
            type("ServiceFactor", StatType.Subject.Action, List.of("CallRinging"), List.of("CallInbound"),
                    new double[] {5, 60}),
            type("TotalTime", StatType.Subject.Status, List.of("CallInbound", "AfterCallWork"), List.of(), null),
            type("MaxTime", StatType.Subject.Status, List.of("WaitForNextCall"), List.of(), null));

    private static final List<TimeProfile> PROFILES = List.of(
            profile("type", "growing", "reset", List.of("00:00")),
            profile("type", "growing", "reset", List.of("00:00", "08:00", "12:00")),
            profile("type", "sliding", "window", 600, "step", 60),
            profile("type", "sliding", "window", 90, "step", 10),
            profile("type", "selection", "size", 5),
            profile("type", "selection", "size", 1));

    private static final List<Filter> FILTERS = List.of(Filter.NONE,
            new Filter(List.of("chat"), Map.of()), new Filter(List.of(), Map.of("vip", "yes")));

    private static StatType type(String category, StatType.Subject subject, List<String> mask, List<String> rel,
            double[] range) {
        return new StatType(category, List.of(ObjectType.Agent), category, subject, mask, rel, range, null);
    }

    @Test
    public void keptTalliesEqualAScanOfTheHistoryOnRandomHistoriesAndReadTimes() {
        long reads = 0;
        // -Dsb.tally.seeds=N for a longer run outside the build
        int seeds = Integer.getInteger("sb.tally.seeds", 8);
        for (int seed = 1; seed <= seeds; seed++) {
            reads += run(new Random(seed));
        }
        assertTrue("enough comparisons: " + reads, reads > 10_000);
    }

    @Test
    public void twoWindowsOfOneMaskKeepATallyEachInsteadOfRebuildingOneAtEveryRead() {
        ActionHistory h = new ActionHistory(at("07:00:00"));
        StatType type = TYPES.get(0);
        TimeProfile hour = profile("type", "sliding", "window", 3600, "step", 60);
        TimeProfile quarter = profile("type", "sliding", "window", 900, "step", 60);
        long t = at("08:00:00");
        for (int i = 0; i < 50; i++) {
            h.append(new ActionRecord(Kind.ENDED, "CallInbound", t - 30_000, t, "c" + i, "voice", Map.of()));
            StatEvaluator.partial(type, ObjectType.Agent, h, hour, t, Filter.NONE, true);
            StatEvaluator.partial(type, ObjectType.Agent, h, quarter, t, Filter.NONE, true);
            t += 60_000;
        }
        assertEquals("one build per window", 2, h.tallies().rebuilds());
    }

    @Test
    public void aReadOnTheOwningThreadKeepsTheMaskDecisionsAndAReadFromElsewhereLeavesThemAlone() {
        ActionHistory h = new ActionHistory(at("07:00:00"));
        h.append(new ActionRecord(Kind.ENDED, "AfterCallWork", at("07:10:00"), at("07:11:00"), "c1", "voice", Map.of()));
        h.append(new ActionRecord(Kind.ENDED, "NotReady", at("07:12:00"), at("07:13:00"), null, "voice", Map.of()));
        // a selection walks the items itself (a growing or sliding tally decides in its own memo)
        StatType type = TYPES.get(2);
        TimeProfile last5 = profile("type", "selection", "size", 5);
        io.switchboard.engine.internal.core.Mask mask = io.switchboard.engine.internal.core.Mask.parse(type.mask());

        StatEvaluator.partial(type, ObjectType.Agent, h, last5, at("07:20:00"), Filter.NONE, false);
        assertEquals(null, h.decisions(mask));
        Partial kept = StatEvaluator.partial(type, ObjectType.Agent, h, last5, at("07:20:00"), Filter.NONE, true);
        assertTrue(h.decisions(mask) != null);
        // a name first seen after the decisions were kept is decided when it comes
        h.append(new ActionRecord(Kind.ENDED, "CallOutbound", at("07:14:00"), at("07:15:00"), "c2", "voice", Map.of()));
        h.append(new ActionRecord(Kind.ENDED, "AfterCallWork", at("07:16:00"), at("07:17:00"), "c3", "voice", Map.of()));
        Partial later = StatEvaluator.partial(type, ObjectType.Agent, h, last5, at("07:20:00"), Filter.NONE, true);
        assertEquals(1, kept.selected.size());
        assertEquals(2, later.selected.size());
        assertEquals(fields(StatEvaluator.partial(type, ObjectType.Agent, h, last5, at("07:20:00"), Filter.NONE, false)),
                fields(later));
    }

    private static long run(Random rnd) {
        ActionHistory h = new ActionHistory(at("07:00:00"));
        long now = at("07:00:00");
        long reads = 0;
        boolean ordered = rnd.nextInt(4) > 0;
        List<String> calls = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            now += rnd.nextInt(rnd.nextInt(5) == 0 ? 3_600_000 : 120_000);
            switch (rnd.nextInt(10)) {
                case 0, 1, 2, 3 -> {
                    long dur = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(300_000);
                    long end = ordered ? now : now - rnd.nextInt(400_000);
                    String call = rnd.nextInt(3) == 0 ? null : "c" + rnd.nextInt(30);
                    if (call != null) {
                        calls.add(call);
                    }
                    Map<String, String> data = rnd.nextInt(3) == 0 ? Map.of("vip", rnd.nextBoolean() ? "yes" : "no")
                            : Map.of();
                    h.append(new ActionRecord(rnd.nextInt(6) == 0 ? Kind.INSTANT : Kind.ENDED,
                            NAMES[rnd.nextInt(NAMES.length)], end - dur, end, call, MEDIA[rnd.nextInt(2)], data));
                }
                case 4 -> h.append(new ActionRecord(Kind.STARTED, NAMES[rnd.nextInt(NAMES.length)], now, now,
                        "r" + step, MEDIA[rnd.nextInt(2)], Map.of()));
                case 5, 6 -> h.recordStatus(STATUSES[rnd.nextInt(STATUSES.length)], now);
                case 7 -> {
                    if (!calls.isEmpty()) {
                        h.updateCallData(calls.get(rnd.nextInt(calls.size())),
                                Map.of("vip", rnd.nextBoolean() ? "yes" : "no"));
                    }
                }
                case 8 -> {
                    java.util.TreeMap<Long, String> changes = new java.util.TreeMap<>();
                    long from = now - rnd.nextInt(600_000);
                    changes.put(from, STATUSES[rnd.nextInt(STATUSES.length)]);
                    changes.put(now, STATUSES[rnd.nextInt(STATUSES.length)]);
                    h.recomposeFrom(from, changes);
                }
                default -> {
                    if (rnd.nextInt(8) == 0) {
                        h.prune(now - 3 * 3_600_000L);
                    }
                }
            }
            int readsNow = 1 + rnd.nextInt(3);
            for (int r = 0; r < readsNow; r++) {
                long t = rnd.nextInt(6) == 0 ? now - rnd.nextInt(900_000) : now + rnd.nextInt(30_000);
                for (StatType type : TYPES) {
                    for (TimeProfile p : PROFILES) {
                        for (Filter f : FILTERS) {
                            if (p.type() == TimeProfile.Type.SELECTION && !type.category().endsWith("Time")
                                    && !type.category().equals("ServiceFactor")
                                    && !type.category().equals("TotalNumberInTimeRange")
                                    || p.type() == TimeProfile.Type.SELECTION && type.category().equals("TotalTime")) {
                                continue;
                            }
                            Partial kept = StatEvaluator.partial(type, ObjectType.Agent, h, p, t, f, true);
                            Partial scanned = StatEvaluator.partial(type, ObjectType.Agent, h, p, t, f, false);
                            assertEquals(type.category() + " " + type.subject() + " " + p + " " + f + " at " + t,
                                    fields(scanned), fields(kept));
                            reads++;
                        }
                    }
                }
            }
        }
        return reads;
    }

    private static String fields(Partial p) {
        return p.defined + " " + p.partial + " started=" + p.started + " total=" + p.totalMs + " ended=" + p.ended
                + " sum=" + p.endedSumMs + " max=" + p.endedMaxMs + " inRange=" + p.inRange + " rel=" + p.rel
                + " cur=" + p.currentNumber + "/" + p.currentMaxMs + "/" + p.currentTimeMs
                + " sel=" + p.selected + " relSel=" + p.relSelected;
    }
}
