package io.switchboard.engine.internal.stats;

import io.switchboard.api.model.Category;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The combinable aggregates of one stat type for one object over one interval (or selection): a
 * group's or tenant's value is {@code combine} of its members' partials followed by
 * {@link #value}, so a group average is total duration over total count, not a mean of means
 * (fine point 11, "a group's Total/Average/Max values cover all its members' actions").
 *
 * <p>Immutable. Every category but Formula (which combines values, not aggregates), CurrentState
 * and plug-in categories can be read from it.
 */
public final class Partial {

    /** One action kept by a selection profile: when it ended, began, and whether it was in range. */
    record Sel(long end, long start, long durationMs, boolean inRange) {
    }

    /** Selection order of fine point 9: by end time, then start time. */
    static final Comparator<Sel> ORDER = Comparator.comparingLong(Sel::end).thenComparingLong(Sel::start);

    /** Whether the interval exists (false: SinceLogin with nobody logged in). */
    final boolean defined;
    /** Whether some interval reached past its history's knowledge. */
    final boolean partial;
    /** Mask actions started (instants: occurred) in I. */
    final long started;
    /** Time of mask actions inside I, ms. */
    final long totalMs;
    /** Mask actions ended in I, their summed and largest full durations (ms; -1 when none). */
    final long ended;
    final long endedSumMs;
    final long endedMaxMs;
    /** Of those ended, how many had a duration in range. */
    final long inRange;
    /** RelMask actions ended in I. */
    final long rel;
    /** Mask actions (or members whose status is in the mask) in progress at T. */
    final long currentNumber;
    /** Largest elapsed time among them, ms (0 when none). */
    final long currentMaxMs;
    /** Time since the status began if in the mask, else 0; null for objects without status and groups. */
    final Long currentTimeMs;
    /** Selection profile size, 0 for other profiles. */
    final int size;
    /** Selection: some member's history lost knowledge, so too few actions may mean "forgotten". */
    final boolean lossy;
    /** Selection: the last {@code size} mask / relMask actions, oldest first. */
    final List<Sel> selected;
    final List<Sel> relSelected;

    Partial(boolean defined, boolean partial, long started, long totalMs, long ended, long endedSumMs, long endedMaxMs,
            long inRange, long rel, long currentNumber, long currentMaxMs, Long currentTimeMs, int size, boolean lossy,
            List<Sel> selected, List<Sel> relSelected) {
        this.defined = defined;
        this.partial = partial;
        this.started = started;
        this.totalMs = totalMs;
        this.ended = ended;
        this.endedSumMs = endedSumMs;
        this.endedMaxMs = endedMaxMs;
        this.inRange = inRange;
        this.rel = rel;
        this.currentNumber = currentNumber;
        this.currentMaxMs = currentMaxMs;
        this.currentTimeMs = currentTimeMs;
        this.size = size;
        this.lossy = lossy;
        this.selected = List.copyOf(selected);
        this.relSelected = List.copyOf(relSelected);
    }

    /**
     * The neutral element for a profile: what a group without members has (0 counts, null
     * averages; for SinceLogin nobody is logged in, so null).
     */
    public static Partial empty(TimeProfile profile) {
        boolean defined = profile.type() != TimeProfile.Type.SINCE_LOGIN;
        return new Partial(defined, false, 0, 0, 0, 0, -1, 0, 0, 0, 0, null, profile.size(), false, List.of(),
                List.of());
    }

    /** Combines the partials of several members (null: a neutral one); an empty list gives {@link #empty}. */
    public static Partial combine(List<Partial> parts, TimeProfile profile) {
        Partial acc = empty(profile);
        for (Partial p : parts) {
            if (p != null) {
                acc = acc.combine(p);
            }
        }
        return acc;
    }

    /**
     * Whether combining this into an aggregate of the profile's kind changes nothing, so that a
     * member may leave it out (a tenant's scan ships one partial per object and query: most of
     * them add nothing, and their transport was a third of the scan). Under SinceLogin a defined
     * interval is news to an aggregate of logged-out members; elsewhere every aggregate starts
     * defined ({@link #empty}).
     */
    public boolean neutralIn(TimeProfile.Type profile) {
        return started == 0 && totalMs == 0 && ended == 0 && endedSumMs == 0 && endedMaxMs < 0 && inRange == 0
                && rel == 0 && currentNumber == 0 && currentMaxMs == 0 && !partial && !lossy && selected.isEmpty()
                && relSelected.isEmpty() && (!defined || profile != TimeProfile.Type.SINCE_LOGIN);
    }

    /**
     * This and another member's aggregates together. Members whose interval is undefined (logged
     * out under SinceLogin) add nothing but their current values.
     *
     * @throws IllegalArgumentException when the two come from different selection sizes
     */
    public Partial combine(Partial o) {
        if (size != o.size) {
            throw new IllegalArgumentException("cannot combine selections of size " + size + " and " + o.size);
        }
        List<Sel> sel = merge(selected, o.selected, size);
        List<Sel> relSel = merge(relSelected, o.relSelected, size);
        return new Partial(defined || o.defined, (defined && partial) || (o.defined && o.partial),
                started + o.started, totalMs + o.totalMs, ended + o.ended, endedSumMs + o.endedSumMs,
                Math.max(endedMaxMs, o.endedMaxMs), inRange + o.inRange, rel + o.rel,
                currentNumber + o.currentNumber, Math.max(currentMaxMs, o.currentMaxMs),
                null, size, lossy || o.lossy, sel, relSel);
    }

    private static List<Sel> merge(List<Sel> a, List<Sel> b, int size) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<Sel> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        all.sort(ORDER);
        return all.size() > size ? all.subList(all.size() - size, all.size()) : all;
    }

    /**
     * The value of a category from these aggregates.
     *
     * @throws IllegalArgumentException for categories not computed from aggregates, and for
     *                                  TotalNumber, TotalTime and Current* under a selection (fine point 9)
     */
    public Value value(Category category) {
        if (category == null) {
            throw new IllegalArgumentException("unknown category");
        }
        if (size > 0) {
            StatEvaluator.checkProfile(category, TimeProfile.Type.SELECTION);
        }
        switch (category) {
            case CurrentNumber:
                return Value.of(currentNumber);
            case CurrentMaxTime:
                return Value.of(seconds(currentMaxMs));
            case CurrentTime:
                return Value.of(currentTimeMs == null ? null : seconds(currentTimeMs));
            default:
                break;
        }
        if (size > 0) {
            return selectionValue(category);
        }
        if (!defined) {
            return Value.NULL;
        }
        switch (category) {
            case TotalNumber:
                return new Value(started, partial);
            case TotalTime:
                return new Value(seconds(totalMs), partial);
            case AverageTime:
                return new Value(ended == 0 ? null : seconds(Math.round((double) endedSumMs / ended)), partial);
            case MaxTime:
                return new Value(ended == 0 ? null : seconds(endedMaxMs), partial);
            case TotalNumberInTimeRange:
                return new Value(inRange, partial);
            case ServiceFactor:
                return new Value(rel == 0 ? null : 100.0 * inRange / rel, partial);
            default:
                throw new IllegalArgumentException("category " + category + " is not computed from aggregates");
        }
    }

    private Value selectionValue(Category category) {
        long n = selected.size();
        long sum = 0;
        long max = -1;
        long in = 0;
        for (Sel s : selected) {
            sum += s.durationMs();
            max = Math.max(max, s.durationMs());
            in += s.inRange() ? 1 : 0;
        }
        // Fewer actions than asked for is only "partial" when older ones may have been forgotten.
        switch (category) {
            case AverageTime:
                return new Value(n == 0 ? null : seconds(Math.round((double) sum / n)), lossy && n < size);
            case MaxTime:
                return new Value(n == 0 ? null : seconds(max), lossy && n < size);
            case TotalNumberInTimeRange:
                return new Value(in, lossy && n < size);
            case ServiceFactor: {
                int d = relSelected.size();
                return new Value(d == 0 ? null : 100.0 * in / d, lossy && (n < size || d < size));
            }
            default:
                throw new IllegalArgumentException("category " + category + " is not computed from aggregates");
        }
    }

    static Double seconds(long ms) {
        return ms / 1000.0;
    }

    @Override
    public String toString() {
        return "Partial[defined=" + defined + ", partial=" + partial + ", started=" + started + ", totalMs=" + totalMs
                + ", ended=" + ended + ", endedSumMs=" + endedSumMs + ", endedMaxMs=" + endedMaxMs + ", inRange="
                + inRange + ", rel=" + rel + ", currentNumber=" + currentNumber + ", currentMaxMs=" + currentMaxMs
                + ", currentTimeMs=" + currentTimeMs + ", size=" + size + ", selected=" + selected.size()
                + ", relSelected=" + relSelected.size() + "]";
    }
}
