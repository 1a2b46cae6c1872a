package io.switchboard.engine.internal.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.ActionRecord.Kind;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders shared by the statistics tests: times on one fixed day, records, stat types, profiles. */
final class Fixtures {

    /** The test day, a Tuesday without DST change. */
    static final String DAY = "2024-03-05";

    private Fixtures() {
    }

    /** "HH:mm:ss[.SSS]" on the test day, UTC. */
    static long at(String time) {
        return Instant.parse(DAY + "T" + time + "Z").toEpochMilli();
    }

    static long instant(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static Rec ended(String name, String from, String to) {
        return new Rec(Kind.ENDED, name, at(from), at(to));
    }

    static Rec started(String name, String from) {
        return new Rec(Kind.STARTED, name, at(from), at(from));
    }

    /** An instant action happening at {@code to} with duration {@code to - from}. */
    static Rec happened(String name, String from, String to) {
        return new Rec(Kind.INSTANT, name, at(from), at(to));
    }

    /** A record under construction; media defaults to voice. */
    static final class Rec {
        final Kind kind;
        final String name;
        final long start;
        final long end;
        String call;
        String media = "voice";
        final Map<String, String> data = new LinkedHashMap<>();

        Rec(Kind kind, String name, long start, long end) {
            this.kind = kind;
            this.name = name;
            this.start = start;
            this.end = end;
        }

        Rec call(String c) {
            call = c;
            return this;
        }

        Rec media(String m) {
            media = m;
            return this;
        }

        Rec data(String k, String v) {
            data.put(k, v);
            return this;
        }

        ActionRecord build() {
            return new ActionRecord(kind, name, start, end, call, media, Map.copyOf(data));
        }
    }

    static ActionHistory history(Rec... recs) {
        ActionHistory h = new ActionHistory();
        add(h, recs);
        return h;
    }

    static void add(ActionHistory h, Rec... recs) {
        for (Rec r : recs) {
            h.append(r.build());
        }
    }

    static StatType type(String category, String... mask) {
        return new StatType(category + ":" + String.join(",", mask), List.of(ObjectType.Agent), category,
                StatType.Subject.Action, List.of(mask), List.of(), null, null);
    }

    static StatType status(String category, String... mask) {
        return new StatType(category + ":" + String.join(",", mask), List.of(ObjectType.Agent), category,
                StatType.Subject.Status, List.of(mask), List.of(), null, null);
    }

    static StatType ranged(String category, List<String> mask, List<String> relMask, double lo, double hi) {
        return new StatType(category, List.of(ObjectType.Queue), category, StatType.Subject.Action, mask, relMask,
                new double[] {lo, hi}, null);
    }

    static StatType formula(String name, String expression) {
        return new StatType(name, List.of(ObjectType.Agent), "Formula", StatType.Subject.Action, List.of(), List.of(),
                null, expression);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static TimeProfile profile(Object... kv) {
        return TimeProfile.parse(map(kv));
    }

    static final TimeProfile DAILY = profile("type", "growing", "reset", List.of("00:00"));

    static Filter media(String... media) {
        return new Filter(List.of(media), Map.of());
    }

    static Filter data(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new Filter(List.of(), m);
    }

    /** Compares a value: Long counts exactly, Double times to the millisecond, null as null. */
    static void assertValue(String why, Number expected, Value actual) {
        if (expected == null) {
            assertNull(why + " (got " + actual.value() + ")", actual.value());
            return;
        }
        if (actual.value() == null) {
            throw new AssertionError(why + ": expected " + expected + " but was null");
        }
        assertEquals(why + ": type", expected.getClass(), actual.value().getClass());
        if (expected instanceof Double) {
            assertEquals(why, expected.doubleValue(), actual.value().doubleValue(), 1e-9);
        } else {
            assertEquals(why, expected, actual.value());
        }
    }
}
