package io.switchboard.engine.internal.stats;

import io.switchboard.engine.internal.core.Actions;
import io.switchboard.engine.internal.core.IdentityMemo;
import io.switchboard.engine.internal.core.RunningAction;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A time profile of STATISTICS.md, parsed from its JSON shape, and the interval I = [start, T] it
 * gives at an evaluation time T.
 */
public final class TimeProfile {

    /** Parsed profiles by definition: evaluations re-read the same few definitions constantly. */
    private static final Map<Map<String, ?>, TimeProfile> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    public enum Type { GROWING, SLIDING, SELECTION, SINCE_LOGIN }

    /** {@code Default}: growing, reset at midnight UTC. */
    public static final TimeProfile DEFAULT = new TimeProfile(Type.GROWING, List.of(LocalTime.MIDNIGHT),
            ZoneOffset.UTC, 0, 0, 0, 0);

    /** An interval [start, end], both included (fine point 1). */
    public record Interval(long start, long end) {
    }

    private final Type type;
    /** Growing: reset times of day; empty with {@code everyMs == 0} means never. */
    private final List<LocalTime> resets;
    private final ZoneId zone;
    private final long everyMs;
    private final long windowMs;
    private final long stepMs;
    private final int size;

    private TimeProfile(Type type, List<LocalTime> resets, ZoneId zone, long everyMs, long windowMs, long stepMs,
            int size) {
        this.type = type;
        this.resets = List.copyOf(resets);
        this.zone = zone;
        this.everyMs = everyMs;
        this.windowMs = windowMs;
        this.stepMs = stepMs;
        this.size = size;
    }

    /**
     * Parses a profile definition such as {@code {"type":"growing","reset":["00:00"],"zone":"Europe/Paris"}}.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    /** Definitions by identity (stored ones are immutable copies), in front of {@link #CACHE}. */
    private static final IdentityMemo<Map<String, ?>, TimeProfile> BY_IDENTITY =
            new IdentityMemo<>(TimeProfile::parseByContent);

    /** As {@link #parseUncached}, remembering the result (profiles are immutable). */
    public static TimeProfile parse(Map<String, ?> spec) {
        return BY_IDENTITY.get(spec);
    }

    private static TimeProfile parseByContent(Map<String, ?> spec) {
        TimeProfile p = spec == null ? null : CACHE.get(spec);
        if (p == null) {
            p = parseUncached(spec);
            if (spec != null) {
                if (CACHE.size() > 4096) {
                    CACHE.clear();
                }
                try {
                    CACHE.put(Map.copyOf(spec), p);
                } catch (NullPointerException nullValue) {
                    // a definition with null values is valid but not worth caching
                }
            }
        }
        return p;
    }

    public static TimeProfile parseUncached(Map<String, ?> spec) {
        if (spec == null) {
            throw new IllegalArgumentException("timeProfile is required");
        }
        Object t = spec.get("type");
        if (!(t instanceof String) || ((String) t).isBlank()) {
            throw new IllegalArgumentException("timeProfile.type is required (growing, sliding, selection or sinceLogin)");
        }
        switch (((String) t).trim().toLowerCase(Locale.ROOT)) {
            case "growing":
                return growing(spec);
            case "sliding":
                return sliding(spec);
            case "selection":
                return selection(spec);
            case "sincelogin":
                return new TimeProfile(Type.SINCE_LOGIN, List.of(), ZoneOffset.UTC, 0, 0, 0, 0);
            default:
                throw new IllegalArgumentException("timeProfile.type '" + t
                        + "' is not one of growing, sliding, selection, sinceLogin");
        }
    }

    private static TimeProfile growing(Map<String, ?> spec) {
        ZoneId zone = ZoneOffset.UTC;
        Object z = spec.get("zone");
        if (z != null) {
            if (!(z instanceof String)) {
                throw new IllegalArgumentException("timeProfile.zone must be an IANA time zone id such as Europe/Paris");
            }
            try {
                zone = ZoneId.of(((String) z).trim()).normalized();
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("timeProfile.zone '" + z + "' is not a known time zone");
            }
        }
        Object every = spec.get("every");
        Object reset = spec.get("reset");
        if (every != null && reset != null) {
            throw new IllegalArgumentException("timeProfile.reset and timeProfile.every cannot both be given");
        }
        if (every != null) {
            long ms;
            try {
                ms = Duration.parse(String.valueOf(every).trim()).toMillis();
            } catch (DateTimeParseException | ArithmeticException e) {
                ms = 0;
            }
            if (!(every instanceof String) || ms <= 0) {
                throw new IllegalArgumentException(
                        "timeProfile.every must be a positive ISO-8601 duration such as PT15M, not '" + every + "'");
            }
            return new TimeProfile(Type.GROWING, List.of(), zone, ms, 0, 0, 0);
        }
        if (reset == null) {
            // Where the spec is silent: a growing profile without resets behaves like Default.
            return new TimeProfile(Type.GROWING, List.of(LocalTime.MIDNIGHT), zone, 0, 0, 0, 0);
        }
        List<?> entries = reset instanceof List<?> l ? l : reset instanceof String ? List.of(reset) : null;
        if (entries == null) {
            throw new IllegalArgumentException("timeProfile.reset must be a list of HH:mm times");
        }
        List<LocalTime> times = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object e = entries.get(i);
            try {
                LocalTime lt = LocalTime.parse(String.valueOf(e).trim());
                if (!(e instanceof String)) {
                    throw new DateTimeException("not a string");
                }
                if (!times.contains(lt)) {
                    times.add(lt);
                }
            } catch (DateTimeException ex) {
                throw new IllegalArgumentException("timeProfile.reset[" + i + "] '" + e + "' is not a HH:mm time");
            }
        }
        times.sort(null);
        return new TimeProfile(Type.GROWING, times, zone, 0, 0, 0, 0);
    }

    private static TimeProfile sliding(Map<String, ?> spec) {
        long window = seconds(spec.get("window"), "window");
        long step = spec.get("step") == null ? Math.min(window, 60_000) : seconds(spec.get("step"), "step");
        if (step > window) {
            throw new IllegalArgumentException("timeProfile.step must not be larger than timeProfile.window");
        }
        return new TimeProfile(Type.SLIDING, List.of(), ZoneOffset.UTC, 0, window, step, 0);
    }

    private static TimeProfile selection(Map<String, ?> spec) {
        Object s = spec.get("size");
        BigDecimal n = number(s);
        if (n == null || n.signum() <= 0 || n.stripTrailingZeros().scale() > 0
                || n.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            throw new IllegalArgumentException("timeProfile.size must be a positive whole number of actions");
        }
        return new TimeProfile(Type.SELECTION, List.of(), ZoneOffset.UTC, 0, 0, 0, n.intValueExact());
    }

    /** A positive number of seconds (JSON number or numeric string), in milliseconds. */
    private static long seconds(Object value, String field) {
        BigDecimal n = number(value);
        String msg = "timeProfile." + field + " must be a positive number of seconds";
        if (n == null || n.signum() <= 0 || n.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
            throw new IllegalArgumentException(msg);
        }
        long ms = n.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        if (ms <= 0) {
            throw new IllegalArgumentException(msg);
        }
        return ms;
    }

    private static BigDecimal number(Object value) {
        try {
            if (value instanceof BigDecimal b) {
                return b;
            }
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
            }
            if (value instanceof Number n) {
                return new BigDecimal(n.toString());
            }
            if (value instanceof String s) {
                return new BigDecimal(s.trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    // ---------------------------------------------------------------- accessors

    public Type type() {
        return type;
    }

    /** Growing: reset times of day in {@link #zone()}, sorted; empty for {@code every} or never. */
    public List<LocalTime> resets() {
        return resets;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Growing with {@code every}: the period; otherwise null. */
    public Duration every() {
        return everyMs > 0 ? Duration.ofMillis(everyMs) : null;
    }

    /** Whether a growing profile ever resets ({@code "reset": []} does not). */
    public boolean resetting() {
        return type == Type.GROWING && (everyMs > 0 || !resets.isEmpty());
    }

    public Duration window() {
        return type == Type.SLIDING ? Duration.ofMillis(windowMs) : null;
    }

    public Duration step() {
        return type == Type.SLIDING ? Duration.ofMillis(stepMs) : null;
    }

    /** Selection: the number of actions kept; 0 otherwise. */
    public int size() {
        return size;
    }

    // ---------------------------------------------------------------- intervals

    /**
     * The last reset at or before {@code t} (epoch ms), or null if the profile never resets (or is
     * not growing). Reset times are local times of the zone: on a day the clocks jump forward over
     * a reset time it happens at the first valid instant after the gap, on a day they fall back it
     * happens at the first occurrence.
     */
    public Long lastReset(long t) {
        if (type != Type.GROWING) {
            return null;
        }
        if (everyMs > 0) {
            // Aligned to the epoch, so every instance agrees on the boundaries.
            return Math.floorDiv(t, everyMs) * everyMs;
        }
        if (resets.isEmpty()) {
            return null;
        }
        LocalDate day = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
        for (int d = 0; d <= 2; d++) {
            LocalDate date = day.minusDays(d);
            for (int i = resets.size() - 1; i >= 0; i--) {
                long r = ZonedDateTime.of(date, resets.get(i), zone).toInstant().toEpochMilli();
                if (r <= t) {
                    return r;
                }
            }
        }
        throw new IllegalStateException("no reset found before " + t);
    }

    /** The first reset strictly after {@code t}, or null if the profile never resets. */
    public Long nextReset(long t) {
        if (type != Type.GROWING) {
            return null;
        }
        if (everyMs > 0) {
            return Math.floorDiv(t, everyMs) * everyMs + everyMs;
        }
        if (resets.isEmpty()) {
            return null;
        }
        LocalDate day = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
        for (int d = 0; d <= 2; d++) {
            LocalDate date = day.plusDays(d);
            for (LocalTime time : resets) {
                long r = ZonedDateTime.of(date, time, zone).toInstant().toEpochMilli();
                if (r > t) {
                    return r;
                }
            }
        }
        throw new IllegalStateException("no reset found after " + t);
    }

    /**
     * The interval I = [start, t] at evaluation time {@code t} for one object's history, or null
     * when it is undefined (SinceLogin of a logged-out object). Sliding intervals are exact (the
     * spec allows bucket lag, it does not require it). A never-resetting growing profile starts
     * where the history's knowledge started.
     *
     * @throws IllegalArgumentException for a selection profile, which has no interval
     */
    public Interval interval(long t, ActionHistory history) {
        switch (type) {
            case GROWING: {
                Long r = lastReset(t);
                return new Interval(r != null ? r : history.origin(), t);
            }
            case SLIDING:
                return new Interval(t - windowMs, t);
            case SINCE_LOGIN: {
                Long login = loginStart(t, history);
                return login == null ? null : new Interval(login, t);
            }
            default:
                throw new IllegalArgumentException("a selection profile has no time interval");
        }
    }

    /** Fine point 10: the earliest login still running at t on any DN or media. */
    static Long loginStart(long t, ActionHistory history) {
        Long earliest = null;
        for (RunningAction r : history.running()) {
            if (Actions.LOGGED_IN.equals(r.name()) && r.start() <= t && (earliest == null || r.start() < earliest)) {
                earliest = r.start();
            }
        }
        // A login that has ended after t (evaluating in the past) was still running at t.
        ActionHistory.Items a = history.actions;
        for (int i = a.firstEndingAfter(t); i < a.size; i++) {
            if (!a.instant[i] && a.start[i] <= t && a.end[i] > t
                    && Actions.LOGGED_IN.equals(history.string(a.name[i]))
                    && (earliest == null || a.start[i] < earliest)) {
                earliest = a.start[i];
            }
        }
        return earliest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeProfile p && type == p.type && resets.equals(p.resets) && zone.equals(p.zone)
                && everyMs == p.everyMs && windowMs == p.windowMs && stepMs == p.stepMs && size == p.size;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, resets, zone, everyMs, windowMs, stepMs, size);
    }

    @Override
    public String toString() {
        switch (type) {
            case GROWING:
                return everyMs > 0 ? "growing every " + every() : "growing reset " + resets + " " + zone;
            case SLIDING:
                return "sliding window " + windowMs / 1000.0 + "s step " + stepMs / 1000.0 + "s";
            case SELECTION:
                return "selection size " + size;
            default:
                return "sinceLogin";
        }
    }
}
