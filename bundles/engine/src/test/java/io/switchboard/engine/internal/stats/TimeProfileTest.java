package io.switchboard.engine.internal.stats;

import static io.switchboard.engine.internal.stats.Fixtures.assertValue;
import static io.switchboard.engine.internal.stats.Fixtures.happened;
import static io.switchboard.engine.internal.stats.Fixtures.instant;
import static io.switchboard.engine.internal.stats.Fixtures.map;
import static io.switchboard.engine.internal.stats.Fixtures.profile;
import static io.switchboard.engine.internal.stats.Fixtures.type;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.ActionRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class TimeProfileTest {

    private record Reset(String why, TimeProfile profile, String t, String expectedStart) {
    }

    private static final TimeProfile PARIS = profile("type", "growing", "reset", List.of("00:00"), "zone",
            "Europe/Paris");

    @Test
    public void growingIntervalsStartAtTheLastResetAtOrBeforeT() {
        ActionHistory h = new ActionHistory();
        List<Reset> rows = List.of(
                new Reset("UTC midnight", Fixtures.DAILY, "2024-03-05T09:00:00Z", "2024-03-05T00:00:00Z"),
                new Reset("at the reset instant itself", Fixtures.DAILY, "2024-03-05T00:00:00Z",
                        "2024-03-05T00:00:00Z"),
                new Reset("just before it", Fixtures.DAILY, "2024-03-04T23:59:59.999Z", "2024-03-04T00:00:00Z"),
                new Reset("Default profile", TimeProfile.DEFAULT, "2024-03-05T09:00:00Z", "2024-03-05T00:00:00Z"),
                // Paris is UTC+1 in winter: local midnight is 23:00 UTC the day before
                new Reset("Paris winter", PARIS, "2024-03-05T09:00:00Z", "2024-03-04T23:00:00Z"),
                new Reset("Paris winter, local midnight", PARIS, "2024-03-04T23:00:00Z", "2024-03-04T23:00:00Z"),
                new Reset("Paris winter, before local midnight", PARIS, "2024-03-04T22:59:59Z",
                        "2024-03-03T23:00:00Z"),
                // 31 March 2024: 02:00 CET -> 03:00 CEST. The day began at 00:00 CET = 23:00 UTC on the 30th
                new Reset("Paris spring-forward day", PARIS, "2024-03-31T12:00:00Z", "2024-03-30T23:00:00Z"),
                // 23:59:59 CEST on the 31st: the same 23-hour day
                new Reset("Paris end of the short day", PARIS, "2024-03-31T21:59:59Z", "2024-03-30T23:00:00Z"),
                // 00:00 CEST on 1 April = 22:00 UTC
                new Reset("Paris first summer midnight", PARIS, "2024-03-31T22:00:00Z", "2024-03-31T22:00:00Z"),
                // 27 October 2024: 03:00 CEST -> 02:00 CET. The day began at 00:00 CEST = 22:00 UTC on the 26th
                new Reset("Paris fall-back day", PARIS, "2024-10-27T12:00:00Z", "2024-10-26T22:00:00Z"),
                new Reset("Paris end of the long day", PARIS, "2024-10-27T22:59:59Z", "2024-10-26T22:00:00Z"),
                new Reset("Paris first winter midnight", PARIS, "2024-10-27T23:00:00Z", "2024-10-27T23:00:00Z"),
                // 02:30 does not exist on 31 March in Paris: the reset happens at 03:30 CEST = 01:30 UTC
                new Reset("reset time in the DST gap", profile("type", "growing", "reset", List.of("02:30"), "zone",
                        "Europe/Paris"), "2024-03-31T05:00:00Z", "2024-03-31T01:30:00Z"),
                // two resets a day, given out of order
                new Reset("second reset of the day", profile("type", "growing", "reset", List.of("12:00", "00:00")),
                        "2024-03-05T13:00:00Z", "2024-03-05T12:00:00Z"),
                new Reset("first reset of the day", profile("type", "growing", "reset", List.of("12:00", "00:00")),
                        "2024-03-05T11:59:59Z", "2024-03-05T00:00:00Z"),
                new Reset("single reset as a string", profile("type", "growing", "reset", "06:30", "zone", "UTC"),
                        "2024-03-05T06:00:00Z", "2024-03-04T06:30:00Z"),
                // epoch-aligned quarter hours
                new Reset("every PT15M", profile("type", "growing", "every", "PT15M"), "2024-03-05T10:14:59.999Z",
                        "2024-03-05T10:00:00Z"),
                new Reset("every PT15M on the boundary", profile("type", "growing", "every", "PT15M"),
                        "2024-03-05T10:15:00Z", "2024-03-05T10:15:00Z"),
                // aligned to the epoch, not to the zone: P1D resets at midnight UTC even with a zone
                new Reset("every P1D", profile("type", "growing", "every", "P1D", "zone", "Europe/Paris"),
                        "2024-03-05T00:30:00Z", "2024-03-05T00:00:00Z"),
                // aligned to the epoch, not to midnight: 2024-03-05T00:00Z is 19787 days = 28493280 min since the
                // epoch = 4070468 x 7 + 4; 10:14 is 614 min later: 28493894 = 4070556 x 7 + 2, so the last
                // boundary is 2 min earlier, 10:12
                new Reset("every PT7M", profile("type", "growing", "every", "PT7M"), "2024-03-05T10:14:00Z",
                        "2024-03-05T10:12:00Z"),
                new Reset("growing without reset defaults to midnight", profile("type", "growing"),
                        "2024-03-05T09:00:00Z", "2024-03-05T00:00:00Z"),
                new Reset("sliding", profile("type", "sliding", "window", 3600, "step", 60), "2024-03-05T09:00:00Z",
                        "2024-03-05T08:00:00Z"),
                new Reset("sliding with fractional seconds", profile("type", "sliding", "window", 0.5),
                        "2024-03-05T09:00:00Z", "2024-03-05T08:59:59.500Z"));
        for (Reset r : rows) {
            TimeProfile.Interval i = r.profile().interval(instant(r.t()), h);
            assertEquals(r.why(), instant(r.expectedStart()), i.start());
            assertEquals(r.why(), instant(r.t()), i.end());
        }
    }

    @Test
    public void nextResetIsTheFirstOneAfterT() {
        assertEquals(Long.valueOf(instant("2024-03-31T22:00:00Z")), PARIS.nextReset(instant("2024-03-31T12:00:00Z")));
        assertEquals(Long.valueOf(instant("2024-03-05T10:15:00Z")),
                profile("type", "growing", "every", "PT15M").nextReset(instant("2024-03-05T10:00:00Z")));
        assertNull(profile("type", "growing", "reset", List.of()).nextReset(0));
    }

    @Test
    public void aDailyParisCountAcrossTheSpringDstChangeUsesTheLocalDay() {
        // 23:30 UTC on the 30th is 00:30 on the 31st in Paris; 22:30 UTC is still the 30th
        ActionHistory h = Fixtures.history(
                at("CallEntered", "2024-03-30T22:30:00Z"), at("CallEntered", "2024-03-30T23:30:00Z"),
                at("CallEntered", "2024-03-31T21:59:00Z"), at("CallEntered", "2024-03-31T22:00:00Z"));
        Value value = StatEvaluator.evaluate(type("TotalNumber", "CallEntered"), ObjectType.Queue, h, PARIS,
                instant("2024-03-31T21:59:59Z"), Filter.NONE, null);
        // 23:30 UTC on the 30th and 21:59 UTC on the 31st; 22:00 UTC on the 31st has not happened yet
        assertValue("31 March in Paris", 2L, value);
        // on 1 April (from 22:00 UTC): only the last one
        assertValue("1 April in Paris", 1L, StatEvaluator.evaluate(type("TotalNumber", "CallEntered"),
                ObjectType.Queue, h, PARIS, instant("2024-03-31T23:00:00Z"), Filter.NONE, null));
    }

    private static Fixtures.Rec at(String name, String iso) {
        long t = instant(iso);
        return new Fixtures.Rec(ActionRecord.Kind.INSTANT, name, t, t).call(iso);
    }

    @Test
    public void neverResettingProfileStartsAtTheHistoryOrigin() {
        TimeProfile never = profile("type", "growing", "reset", List.of());
        assertEquals(Long.MIN_VALUE, never.interval(1000, new ActionHistory()).start());
        assertEquals(500, never.interval(1000, new ActionHistory(500)).start());
        assertNull(never.lastReset(1000));
    }

    @Test
    public void sinceLoginWithoutALoginHasNoInterval() {
        assertNull(profile("type", "sinceLogin").interval(1000, new ActionHistory()));
    }

    @Test
    public void parsedProfilesExposeTheirShape() {
        TimeProfile sliding = profile("type", "sliding", "window", "3600", "step", 60L);
        assertEquals(TimeProfile.Type.SLIDING, sliding.type());
        assertEquals(Duration.ofHours(1), sliding.window());
        assertEquals(Duration.ofMinutes(1), sliding.step());
        assertEquals(20, profile("type", "selection", "size", 20).size());
        assertEquals(20, profile("type", "Selection", "size", 20.0).size());
        assertEquals(TimeProfile.Type.SINCE_LOGIN, profile("type", "sinceLogin").type());
        assertEquals(Duration.ofMinutes(15), profile("type", "growing", "every", "PT15M").every());
        // "UTC" and the default zone are the same profile
        assertEquals(profile("type", "growing", "reset", List.of("00:00"), "zone", "UTC"), TimeProfile.DEFAULT);
        assertTrue(profile("type", "growing", "reset", List.of("00:00")).resetting());
        assertEquals(false, profile("type", "growing", "reset", List.of()).resetting());
    }

    @Test
    public void invalidShapesNameTheBadField() {
        List<Map.Entry<Map<String, Object>, String>> rows = List.of(
                Map.entry(map(), "timeProfile.type"),
                Map.entry(map("type", "weekly"), "timeProfile.type"),
                Map.entry(map("type", 3), "timeProfile.type"),
                Map.entry(map("type", "sliding"), "timeProfile.window must be a positive number of seconds"),
                Map.entry(map("type", "sliding", "window", 0), "timeProfile.window must be a positive number of seconds"),
                Map.entry(map("type", "sliding", "window", -60), "timeProfile.window"),
                Map.entry(map("type", "sliding", "window", "an hour"), "timeProfile.window"),
                Map.entry(map("type", "sliding", "window", 60, "step", 0), "timeProfile.step"),
                Map.entry(map("type", "sliding", "window", 60, "step", 120), "timeProfile.step"),
                Map.entry(map("type", "selection"), "timeProfile.size"),
                Map.entry(map("type", "selection", "size", 0), "timeProfile.size"),
                Map.entry(map("type", "selection", "size", 2.5), "timeProfile.size"),
                Map.entry(map("type", "growing", "reset", List.of("25:00")), "timeProfile.reset[0]"),
                Map.entry(map("type", "growing", "reset", List.of("00:00", "noon")), "timeProfile.reset[1]"),
                Map.entry(map("type", "growing", "reset", 12), "timeProfile.reset"),
                Map.entry(map("type", "growing", "reset", List.of("00:00"), "zone", "Mars/Olympus"), "timeProfile.zone"),
                Map.entry(map("type", "growing", "every", "15 minutes"), "timeProfile.every"),
                Map.entry(map("type", "growing", "every", "PT0S"), "timeProfile.every"),
                Map.entry(map("type", "growing", "every", "-PT15M"), "timeProfile.every"),
                Map.entry(map("type", "growing", "every", "PT15M", "reset", List.of("00:00")), "timeProfile.reset"));
        for (Map.Entry<Map<String, Object>, String> row : rows) {
            try {
                TimeProfile.parse(row.getKey());
                fail(row.getKey() + " must be rejected");
            } catch (IllegalArgumentException e) {
                assertTrue(row.getKey() + ": " + e.getMessage(), e.getMessage().contains(row.getValue()));
            }
        }
    }

    @Test
    public void selectionHasNoInterval() {
        try {
            profile("type", "selection", "size", 3).interval(0, new ActionHistory());
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("selection"));
        }
    }
}
