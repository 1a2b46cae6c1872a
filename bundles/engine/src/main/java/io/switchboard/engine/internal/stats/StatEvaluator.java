package io.switchboard.engine.internal.stats;

import io.switchboard.api.model.Category;
import io.switchboard.api.model.ObjectType;
import io.switchboard.api.model.StatType;
import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.Actions;
import io.switchboard.engine.internal.core.Filters;
import io.switchboard.engine.internal.core.Mask;
import io.switchboard.engine.internal.core.RunningAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Computes a stat type's value for one object (or, through {@link Partial}, for a group) from its
 * {@link ActionHistory}, over a {@link TimeProfile} at evaluation time T, under a filter.
 *
 * <p>T is a parameter, never the wall clock. The history may know things after T (evaluating the
 * value a reset closed): an action that ended after T counts as still in progress at T, and an
 * instant action after T has not happened yet.
 */
public final class StatEvaluator {

    private StatEvaluator() {
    }

    /**
     * The value of {@code type} for one object.
     *
     * @param objectType the object's type; CurrentTime is null on objects without a status
     * @param formulas   for Formula: the value of another stat type of the same object by name (with
     *                   this profile and filter), null when unknown; see {@link #resolver}. May be
     *                   null for other categories.
     * @throws IllegalArgumentException for a request that is a client error (selection profile with
     *                                  TotalNumber/TotalTime/Current*, bad formula, bad mask, CurrentState
     *                                  or plug-in categories, which are evaluated elsewhere)
     */
    public static Value evaluate(StatType type, ObjectType objectType, ActionHistory history, TimeProfile profile,
            long t, Filter filter, Function<String, Value> formulas) {
        Category category = validate(type, profile);
        if (category == Category.Formula) {
            if (formulas == null) {
                throw new IllegalArgumentException("formula '" + type.name() + "' needs the other stat types");
            }
            return Formula.parse(type.formula()).evaluate(formulas);
        }
        return partial(type, objectType, history, profile, t, filter).value(category);
    }

    /**
     * The value of {@code type} for a group or tenant with these members' histories: Formula over
     * the group's values of its operands, everything else from the combined partials.
     *
     * @param memberType the members' object type (Agent for an AgentGroup...), for status defaults
     * @param types      stat types by name, for formulas; may be null otherwise
     */
    public static Value evaluateGroup(StatType type, ObjectType memberType, List<ActionHistory> members,
            TimeProfile profile, long t, Filter filter, Function<String, StatType> types) {
        Category category = validate(type, profile);
        if (category == Category.Formula) {
            Map<String, Value> cache = new HashMap<>();
            Set<String> visiting = new LinkedHashSet<>();
            visiting.add(type.name());
            Function<String, Value>[] self = new Function[1];
            self[0] = name -> {
                Value known = cache.get(name);
                StatType ref = known != null || types == null ? null : types.apply(name);
                if (known != null || ref == null) {
                    return known;
                }
                enter(visiting, name);
                try {
                    Category c = validate(ref, profile);
                    Value v = c == Category.Formula ? Formula.parse(ref.formula()).evaluate(self[0])
                            : groupPartial(ref, memberType, members, profile, t, filter).value(c);
                    cache.put(name, v);
                    return v;
                } finally {
                    visiting.remove(name);
                }
            };
            return Formula.parse(type.formula()).evaluate(self[0]);
        }
        return groupPartial(type, memberType, members, profile, t, filter).value(category);
    }

    private static Partial groupPartial(StatType type, ObjectType memberType, List<ActionHistory> members,
            TimeProfile profile, long t, Filter filter) {
        List<Partial> parts = new ArrayList<>(members.size());
        for (ActionHistory m : members) {
            parts.add(partial(type, memberType, m, profile, t, filter));
        }
        return Partial.combine(parts, profile);
    }

    /**
     * A resolver for {@link #evaluate}'s formulas that evaluates the referenced stat types on the
     * same object with the same profile and filter (fine point 15), nested formulas included.
     *
     * @throws IllegalArgumentException (when used) for a formula that refers to itself
     */
    public static Function<String, Value> resolver(Function<String, StatType> types, ObjectType objectType,
            ActionHistory history, TimeProfile profile, long t, Filter filter) {
        Set<String> visiting = new LinkedHashSet<>();
        Map<String, Value> cache = new HashMap<>();
        Function<String, Value>[] self = new Function[1];
        self[0] = name -> {
            Value known = cache.get(name);
            if (known != null) {
                return known;
            }
            StatType ref = types.apply(name);
            if (ref == null) {
                return null;
            }
            enter(visiting, name);
            try {
                Value v = evaluate(ref, objectType, history, profile, t, filter, self[0]);
                cache.put(name, v);
                return v;
            } finally {
                visiting.remove(name);
            }
        };
        return self[0];
    }

    private static void enter(Set<String> visiting, String name) {
        if (!visiting.add(name)) {
            throw new IllegalArgumentException("formula refers to itself through " + String.join(" -> ", visiting)
                    + " -> " + name);
        }
    }

    /**
     * Checks that a stat type can be evaluated with a profile (the 400 errors) and returns its
     * category.
     */
    public static Category validate(StatType type, TimeProfile profile) {
        Category category = type.parsedCategory();
        if (category == null) {
            throw new IllegalArgumentException("unknown category '" + type.category() + "'");
        }
        if (category == Category.CurrentState || category == Category.Java) {
            throw new IllegalArgumentException("category " + type.category() + " is not evaluated from the history");
        }
        checkProfile(category, profile.type());
        if (category == Category.Formula) {
            Formula.parse(type.formula());
        } else {
            Mask.parse(type.mask());
            Mask.parse(type.relMask());
        }
        return category;
    }

    /** Fine point 9: only the "ended" categories have a meaning over a selection. */
    static void checkProfile(Category category, TimeProfile.Type profile) {
        if (profile != TimeProfile.Type.SELECTION) {
            return;
        }
        switch (category) {
            case TotalNumber, TotalTime, CurrentNumber, CurrentTime, CurrentMaxTime, CurrentState:
                throw new IllegalArgumentException("category " + category + " cannot be used with a selection profile");
            default:
                break;
        }
    }

    /**
     * The combinable aggregates of {@code type} (mask, relMask, range) for one object: every
     * category but Formula can be read from the result, alone or combined with other members'.
     */
    public static Partial partial(StatType type, ObjectType objectType, ActionHistory history, TimeProfile profile,
            long t, Filter filter) {
        return partial(type, objectType, history, profile, t, filter, true);
    }

    /**
     * As {@link #partial(StatType, ObjectType, ActionHistory, TimeProfile, long, Filter)}; with
     * {@code incremental} the interval aggregates come from the history's {@link Tally} for this
     * definition (kept current by folding in what was added since its last read). Only the thread
     * that owns the history may read it incrementally: a scan from elsewhere (a grid aggregation)
     * passes false.
     */
    public static Partial partial(StatType type, ObjectType objectType, ActionHistory history, TimeProfile profile,
            long t, Filter filter, boolean incremental) {
        Mask mask = Mask.parse(type.mask());
        Mask rel = Mask.parse(type.relMask());
        boolean bySubjectStatus = type.subject() == StatType.Subject.Status;
        boolean hasStatus = objectType == null ? history.status() != null : objectType.hasStatus();
        Scan scan = new Scan(history, mask, rel, range(type), t,
                bySubjectStatus || filter == null || unfiltered(filter) ? Filter.NONE : filter, bySubjectStatus);
        scan.owner = incremental;
        // no action of this object can be in the masks: every part of the scan would be zero
        boolean none = !bySubjectStatus && !history.mayMatch(mask, incremental) && !history.mayMatch(rel, incremental);
        // A partial is read for its own stat type's category (Partial#value): a Current* value
        // needs nothing of the interval, and the other categories nothing of what is current.
        Category category = type.parsedCategory();
        boolean currentCategory = category == Category.CurrentNumber || category == Category.CurrentTime
                || category == Category.CurrentMaxTime;
        boolean needCurrent = category == null || currentCategory;
        boolean needInterval = category == null || !currentCategory;

        // Current values do not depend on the profile.
        Long currentTimeMs = null;
        long currentNumber = 0;
        long currentMaxMs = 0;
        if (needCurrent) {
            String status = statusAt(history, t, hasStatus);
            Long statusSince = status == null ? null : statusSinceAt(history, t);
            if (hasStatus) {
                currentTimeMs = mask.matches(status) && statusSince != null ? t - statusSince : 0L;
            }
            if (bySubjectStatus) {
                boolean in = status != null && mask.matches(status);
                currentNumber = in ? 1 : 0;
                currentMaxMs = in && statusSince != null ? t - statusSince : 0;
            } else if (!none) {
                scan.current();
                currentNumber = scan.currentNumber;
                currentMaxMs = scan.currentMaxMs;
            }
        }

        if (profile.type() == TimeProfile.Type.SELECTION) {
            if (needInterval && !none) {
                Tallies.Selection kept = null;
                if (incremental) {
                    double[] r = range(type);
                    kept = history.tallies().selection(new Tallies.SelectionKey(type.mask(), type.relMask(),
                            r[0] * 1000, r[1] * 1000, scan.filter, bySubjectStatus, profile.size()));
                }
                scan.selection(profile.size(), incremental, type.relMask().isEmpty(), kept);
            }
            return new Partial(true, false, 0, 0, 0, 0, -1, 0, 0, currentNumber, currentMaxMs, currentTimeMs,
                    profile.size(), history.lossy(), scan.selected, scan.relSelected);
        }
        TimeProfile.Interval interval = profile.interval(t, history);
        if (interval == null) {
            return new Partial(false, false, 0, 0, 0, 0, -1, 0, 0, currentNumber, currentMaxMs, currentTimeMs, 0,
                    false, List.of(), List.of());
        }
        // An interval reaching past the horizon is counted from the horizon, and says so.
        boolean partial = interval.start() < history.since();
        if (!needInterval) {
            return new Partial(true, partial, 0, 0, 0, 0, -1, 0, 0, currentNumber, currentMaxMs, currentTimeMs, 0,
                    false, List.of(), List.of());
        }
        if (none) {
            return new Partial(true, partial, 0, 0, 0, 0, -1, 0, 0, currentNumber, currentMaxMs, currentTimeMs, 0,
                    false, List.of(), List.of());
        }
        long from = Math.max(interval.start(), history.since());
        Tally tally = null;
        if (incremental) {
            double[] r = range(type);
            boolean sliding = profile.type() == TimeProfile.Type.SLIDING;
            tally = history.tallies().of(new Tally.Key(type.mask(), type.relMask(), r[0] * 1000, r[1] * 1000,
                    scan.filter, bySubjectStatus, sliding, sliding ? profile.window().toMillis() : from), mask, rel);
        }
        scan.interval(from, tally);
        return new Partial(true, partial, scan.started, scan.totalMs, scan.ended, scan.endedSumMs, scan.endedMaxMs,
                scan.inRange, scan.rel, currentNumber, currentMaxMs, currentTimeMs, 0, false, List.of(), List.of());
    }

    /**
     * A request's filter that lets everything through: read as {@link Filter#NONE}, which the
     * scans and tallies tell by identity and skip the filter's checks for every item.
     */
    private static boolean unfiltered(Filter f) {
        return f.media().isEmpty() && f.data().isEmpty();
    }

    private static double[] range(StatType type) {
        double[] r = type.range();
        // No range: every duration is in range.
        return r == null || r.length < 2 ? new double[] {0, Double.POSITIVE_INFINITY} : r;
    }

    /** The status at t: the current one, a past stretch, or LoggedOut for an object with a status. */
    private static String statusAt(ActionHistory h, long t, boolean hasStatus) {
        String s = h.statusAt(t);
        return s != null ? s : hasStatus ? Actions.LOGGED_OUT : null;
    }

    private static Long statusSinceAt(ActionHistory h, long t) {
        if (h.status() != null && h.statusSince() <= t) {
            return h.statusSince();
        }
        ActionHistory.Items s = h.stretches;
        for (int i = s.size - 1; i >= 0; i--) {
            if (s.start[i] <= t && t < s.end[i]) {
                return s.start[i];
            }
        }
        return null;
    }

    /**
     * One pass over an object's finished items and items in progress: actions, or status
     * stretches for subject Status (fine point 8), the current status being the stretch in progress.
     */
    private static final class Scan {
        final ActionHistory h;
        final ActionHistory.Items items;
        final List<RunningAction> running;
        final Mask mask;
        final Mask relMask;
        final double loMs;
        final double hiMs;
        final long t;
        final Filter filter;
        final Function<String, Map<String, String>> data;

        long currentNumber;
        long currentMaxMs;
        long started;
        long totalMs;
        long ended;
        long endedSumMs;
        long endedMaxMs = -1;
        long inRange;
        long rel;
        List<Partial.Sel> selected = List.of();
        List<Partial.Sel> relSelected = List.of();

        Scan(ActionHistory h, Mask mask, Mask rel, double[] range, long t, Filter filter, boolean stretches) {
            this.h = h;
            this.items = stretches ? h.stretches : h.actions;
            this.running = stretches
                    ? h.status() == null ? List.of() : List.of(new RunningAction(h.status(), h.statusSince(), null, null))
                    : h.running();
            this.mask = mask;
            this.relMask = rel;
            this.loMs = range[0] * 1000;
            this.hiMs = range[1] * 1000;
            this.t = t;
            this.filter = filter;
            this.data = h::callData;
        }

        private boolean passes(String media, String call) {
            return Filters.matches(filter, media, call, data);
        }

        private boolean passes(int i) {
            return filter == Filter.NONE || passes(h.string(items.media[i]), h.call(items.call[i]));
        }

        /** Mask decisions per interned name: the same few names recur in every history. */
        private final NameMemo maskMemo = new NameMemo();
        private final NameMemo relMemo = new NameMemo();
        /** Whether this thread owns the history, so that the decisions it keeps may be used and added to. */
        boolean owner;

        private final class NameMemo {
            private byte[] decided;

            boolean matches(Mask m, int nameIndex) {
                if (decided == null) {
                    decided = owner ? h.decisions(m) : null;
                    if (decided == null) {
                        decided = new byte[0];
                    }
                }
                if (nameIndex >= decided.length) {
                    decided = java.util.Arrays.copyOf(decided, Math.max(nameIndex + 1, decided.length * 2));
                    if (owner) {
                        h.keepDecisions(m, decided);
                    }
                }
                byte d = decided[nameIndex];
                if (d == 0) {
                    d = m.matches(h.string(nameIndex)) ? (byte) 1 : (byte) 2;
                    decided[nameIndex] = d;
                }
                return d == 1;
            }
        }

        private boolean inMask(int nameIndex) {
            return maskMemo.matches(mask, nameIndex);
        }

        private boolean inRel(int nameIndex) {
            return relMemo.matches(relMask, nameIndex);
        }

        private boolean inRange(long durationMs) {
            return durationMs >= loMs && durationMs < hiMs;
        }

        /** Actions in progress at t: the running ones, and finished ones that had not ended yet. */
        void current() {
            for (RunningAction r : running) {
                if (r.start() <= t && mask.matches(r.name()) && passes(r.media(), r.call())) {
                    countCurrent(r.start());
                }
            }
            // only finished actions that end after t were in progress at t
            for (int i = items.firstEndingAfter(t); i < items.size; i++) {
                if (!items.instant[i] && items.start[i] <= t && items.end[i] > t
                        && inMask(items.name[i]) && passes(i)) {
                    countCurrent(items.start[i]);
                }
            }
        }

        private void countCurrent(long start) {
            currentNumber++;
            currentMaxMs = Math.max(currentMaxMs, t - start);
        }

        /** Aggregates over I = [from, t]; the settled part from {@code tally} when it can answer. */
        void interval(long from, Tally tally) {
            // what ended before the interval adds nothing to it
            int first = -1;
            if (tally != null) {
                first = tally.advance(h, items, from, t);
                if (first >= 0) {
                    started = tally.started;
                    totalMs = tally.totalMs();
                    ended = tally.ended;
                    endedSumMs = tally.endedSumMs;
                    endedMaxMs = tally.endedMaxMs();
                    inRange = tally.inRange;
                    rel = tally.rel;
                }
            }
            for (int i = first >= 0 ? first : items.firstEndingFrom(from); i < items.size; i++) {
                long s = items.start[i];
                long e = items.end[i];
                // Items ending after t are what the events applied since the read time added (a pass
                // reads at its start, and a long pass piles up thousands on a busy queue): only those
                // in progress at t count, so the others are passed over before any mask or filter.
                if (e > t && (items.instant[i] || s > t)) {
                    continue;
                }
                boolean inMask = inMask(items.name[i]);
                boolean inRel = inRel(items.name[i]);
                if (!inMask && !inRel || !passes(i)) {
                    continue;
                }
                if (items.instant[i]) {
                    // An instant action happens at its end; it carries its full duration (fine point 6).
                    if (e < from || e > t) {
                        continue;
                    }
                    if (inMask) {
                        started++;
                        totalMs += e - s;
                        end(e - s);
                    }
                    if (inRel) {
                        rel++;
                    }
                    continue;
                }
                if (s > t) {
                    continue;
                }
                if (e > t) {
                    // Still in progress at t.
                    if (inMask) {
                        inProgress(s, from);
                    }
                    continue;
                }
                if (inMask) {
                    if (s >= from) {
                        started++;
                    }
                    if (e >= from) {
                        totalMs += e - Math.max(s, from);
                        end(e - s);
                    }
                }
                if (inRel && e >= from) {
                    rel++;
                }
            }
            for (RunningAction r : running) {
                if (r.start() <= t && mask.matches(r.name()) && passes(r.media(), r.call())) {
                    inProgress(r.start(), from);
                }
            }
        }

        private void inProgress(long s, long from) {
            if (s >= from) {
                started++;
            }
            totalMs += t - Math.max(s, from);
        }

        private void end(long durationMs) {
            ended++;
            endedSumMs += durationMs;
            endedMaxMs = Math.max(endedMaxMs, durationMs);
            if (inRange(durationMs)) {
                inRange++;
            }
        }

        /** The last {@code size} mask and relMask actions ended by t (fine point 9). */
        void selection(int size, boolean backwards, boolean noRel, Tallies.Selection kept) {
            if (kept != null && kept.standsFor(h, items, t)) {
                // nothing came since the last read of this selection, and it saw every item
                selected = kept.selected;
                relSelected = kept.relSelected;
                return;
            }
            List<Partial.Sel> sel = new ArrayList<>();
            List<Partial.Sel> relSel = new ArrayList<>();
            if (backwards) {
                // Backwards from t: once both lists hold `size` items, anything whose end (and every
                // earlier item's, by maxEnd) is before the size-th latest end of each cannot be among
                // the last ones (equal ends are still taken, the sort below orders them by start).
                // Ends out of order (several sources) only make the walk a little longer.
                LatestEnds latest = new LatestEnds(size);
                LatestEnds latestRel = new LatestEnds(size);
                int from = items.sortedByEnd ? items.firstEndingAfter(t) - 1 : items.size - 1;
                for (int i = from; i >= 0; i--) {
                    long bound = items.maxEnd[i];
                    if (bound < latest.threshold() && (noRel || bound < latestRel.threshold())) {
                        break;
                    }
                    long e = items.end[i];
                    if (e > t) {
                        continue;
                    }
                    boolean inMask = inMask(items.name[i]);
                    boolean inRel = inRel(items.name[i]);
                    if (!inMask && !inRel || !passes(i)) {
                        continue;
                    }
                    long d = e - items.start[i];
                    Partial.Sel one = new Partial.Sel(e, items.start[i], d, inRange(d));
                    if (inMask) {
                        sel.add(one);
                        latest.offer(e);
                    }
                    if (inRel) {
                        relSel.add(one);
                        latestRel.offer(e);
                    }
                }
                selected = List.copyOf(last(sel, size));
                relSelected = List.copyOf(last(relSel, size));
                if (kept != null && Tallies.Selection.settled(items, t)) {
                    kept.keep(h, items, selected, relSelected);
                }
                return;
            }
            for (int i = 0; i < items.size; i++) {
                String name = h.string(items.name[i]);
                boolean inMask = mask.matches(name);
                boolean inRel = relMask.matches(name);
                if (!inMask && !inRel || items.end[i] > t || !passes(i)) {
                    continue;
                }
                long d = items.end[i] - items.start[i];
                Partial.Sel one = new Partial.Sel(items.end[i], items.start[i], d, inRange(d));
                if (inMask) {
                    sel.add(one);
                }
                if (inRel) {
                    relSel.add(one);
                }
            }
            selected = last(sel, size);
            relSelected = last(relSel, size);
        }

        /** The {@code size} latest ends offered so far (a min-heap); its threshold is the earliest of them once full. */
        private static final class LatestEnds {
            private final long[] heap;
            private int n;

            LatestEnds(int size) {
                heap = new long[Math.max(1, size)];
            }

            long threshold() {
                return n == heap.length ? heap[0] : Long.MIN_VALUE;
            }

            void offer(long e) {
                if (n < heap.length) {
                    int k = n++;
                    while (k > 0 && heap[(k - 1) >>> 1] > e) {
                        heap[k] = heap[(k - 1) >>> 1];
                        k = (k - 1) >>> 1;
                    }
                    heap[k] = e;
                } else if (e > heap[0]) {
                    int k = 0;
                    while (true) {
                        int c = 2 * k + 1;
                        if (c >= n) {
                            break;
                        }
                        if (c + 1 < n && heap[c + 1] < heap[c]) {
                            c++;
                        }
                        if (heap[c] >= e) {
                            break;
                        }
                        heap[k] = heap[c];
                        k = c;
                    }
                    heap[k] = e;
                }
            }
        }

        private static List<Partial.Sel> last(List<Partial.Sel> all, int size) {
            all.sort(Partial.ORDER);
            return all.size() > size ? all.subList(all.size() - size, all.size()) : all;
        }
    }
}
