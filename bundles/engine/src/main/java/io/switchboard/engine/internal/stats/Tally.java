package io.switchboard.engine.internal.stats;

import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.Filters;
import io.switchboard.engine.internal.core.Mask;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The interval aggregates of one (mask, relMask, range, filter, profile kind) over an object's
 * finished items, kept current by folding in only what was added since the last read: a
 * growing interval costs O(new items) per read instead of a scan since the reset, and a sliding
 * window also lets the items that left it go (each item enters, starts straddling the window's
 * start and leaves once).
 *
 * <p>The fold gives exactly what {@code StatEvaluator}'s interval scan gives for the settled
 * items (finished, ended at or before the read time); items ending after the read time and the
 * actions in progress are still added by the caller on every read, as before. Whenever the
 * history changed in a way other than appending (pruning, a recomposed status timeline, attached
 * data a data filter reads), or a read goes back in time, the tally is rebuilt from the history
 * or the caller scans instead: a tally never answers from stale items. Ends out of order (a queue
 * fed by several sources) are fine too: a growing interval only adds, and a sliding window lets
 * its items go by their end, not by the order they came in. (Such windows used to be scanned from
 * their start on every read: an hour of a busy queue's items, per statistic and read.)
 *
 * <p>Confined to the thread that owns the object (its partition thread), like the history.
 */
final class Tally {

    /**
     * What a tally aggregates; equal keys share one tally (TotalNumber, TotalTime, Average...). A
     * growing interval's start is part of the key: statistics of one mask under Always and under
     * Default read different intervals of the same items, and sharing one tally rebuilt it from
     * the history on every read of the other (a scan of the day, twice per pass). A sliding
     * window's start moves with every read, so its key holds the window's length instead: two
     * windows of one mask (LastHour, Last15Minutes) used to share a tally, and each read of one
     * moved the start back for the other, which rebuilt it from the history every time.
     */
    record Key(List<String> mask, List<String> relMask, double loMs, double hiMs, Filter filter, boolean stretches,
            boolean sliding, long start) {
    }

    final Key key;
    private final Mask mask;
    private final Mask relMask;
    private final boolean dataFiltered;

    private int itemsEpoch = -1;
    private int dataEpoch = -1;
    /** The next item to fold: every item before it ended at or before {@link #lastT}, or was skipped. */
    private int next;
    private long from = Long.MIN_VALUE;
    private long lastT = Long.MIN_VALUE;

    // settled aggregates over the window [from, lastT]
    long started;
    long ended;
    long endedSumMs;
    long inRange;
    long rel;
    /** Durations of items counted whole (started in the window, and instant ones). */
    private long wholeMs;
    /** Items that started before the window's start and end in it: each adds end - from. */
    private long straddling;
    private long straddlingEndSum;

    // sliding only
    /** The window's items by end: they leave it in that order. */
    private final ItemHeap byEnd = new ItemHeap();
    /** Window items (by start) that started at or after {@link #from}: they start straddling in that order. */
    private final ItemHeap byStart = new ItemHeap();
    /**
     * The window's mask items by decreasing duration, for the running maximum under removal;
     * items that left (ended before {@link #from}) are dropped when they reach the top.
     */
    private final ItemHeap byLongest = new ItemHeap();
    private long maxFixed = -1;

    private byte[] maskMemo = new byte[0];
    private byte[] relMemo = new byte[0];

    Tally(Key key, Mask mask, Mask rel) {
        this.key = key;
        this.mask = mask;
        this.relMask = rel;
        this.dataFiltered = key.filter() != null && !key.filter().data().isEmpty();
    }

    long totalMs() {
        return wholeMs + straddlingEndSum - straddling * from;
    }

    long endedMaxMs() {
        if (!key.sliding()) {
            return maxFixed;
        }
        while (byLongest.size() > 0 && items.end[byLongest.peekItem()] < from) {
            byLongest.pop();
        }
        return byLongest.size() == 0 ? -1 : -byLongest.peekKey();
    }

    private ActionHistory.Items items;
    private ActionHistory h;

    /**
     * Brings the tally to the window [from, t] over the settled items of {@code items} and returns
     * the index of the first item it did not fold (ending after t), or -1 when it cannot answer
     * for this read (the caller scans instead).
     */
    int advance(ActionHistory history, ActionHistory.Items its, long from, long t) {
        boolean stale = its != items || its.epoch != itemsEpoch || dataFiltered && history.dataEpoch() != dataEpoch
                || t < lastT || from < this.from || !key.sliding() && from != this.from;
        if (stale) {
            if (t < lastT && its == items && its.epoch == itemsEpoch && from == this.from) {
                // a read of an earlier time (the value a reset closed): scan, keep the tally
                return -1;
            }
            reset(history, its, from);
        }
        this.h = history;
        if (key.sliding() && from > this.from) {
            moveStart(from);
        }
        int i = next;
        while (i < its.size && its.end[i] <= t) {
            fold(i);
            i++;
        }
        next = i;
        lastT = t;
        return i;
    }

    /** Times this tally was rebuilt from the history (for tests). */
    int rebuilds;

    private void reset(ActionHistory history, ActionHistory.Items its, long newFrom) {
        rebuilds++;
        items = its;
        itemsEpoch = its.epoch;
        dataEpoch = history.dataEpoch();
        from = newFrom;
        lastT = Long.MIN_VALUE;
        next = its.firstEndingFrom(newFrom);
        started = ended = endedSumMs = inRange = rel = wholeMs = straddling = straddlingEndSum = 0;
        maxFixed = -1;
        byEnd.clear();
        byStart.clear();
        byLongest.clear();
    }

    private boolean passes(int i) {
        Filter f = key.filter();
        return f == null || f == Filter.NONE
                || Filters.matches(f, h.string(items.media[i]), h.call(items.call[i]), h::callData);
    }

    private boolean inMask(int name) {
        maskMemo = memo(maskMemo, name);
        if (maskMemo[name] == 0) {
            maskMemo[name] = mask.matches(h.string(name)) ? (byte) 1 : (byte) 2;
        }
        return maskMemo[name] == 1;
    }

    private boolean inRel(int name) {
        relMemo = memo(relMemo, name);
        if (relMemo[name] == 0) {
            relMemo[name] = relMask.matches(h.string(name)) ? (byte) 1 : (byte) 2;
        }
        return relMemo[name] == 1;
    }

    private static byte[] memo(byte[] m, int name) {
        return name < m.length ? m : Arrays.copyOf(m, Math.max(name + 1, m.length * 2));
    }

    private long duration(int i) {
        return items.end[i] - items.start[i];
    }

    /** Adds a settled item (its end within [from, t]) as the interval scan counts it. */
    private void fold(int i) {
        long e = items.end[i];
        if (e < from) {
            return;
        }
        int name = items.name[i];
        boolean m = inMask(name);
        boolean r = inRel(name);
        if (!m && !r || !passes(i)) {
            return;
        }
        long s = items.start[i];
        if (m) {
            if (items.instant[i] || s >= from) {
                started++;
                wholeMs += e - s;
                if (key.sliding() && !items.instant[i]) {
                    byStart.push(s, i);
                }
            } else {
                straddling++;
                straddlingEndSum += e;
            }
            ended++;
            long d = e - s;
            endedSumMs += d;
            if (d >= key.loMs() && d < key.hiMs()) {
                inRange++;
            }
            if (key.sliding()) {
                byLongest.push(-d, i);
            } else {
                maxFixed = Math.max(maxFixed, d);
            }
        }
        if (r) {
            rel++;
        }
        if (key.sliding()) {
            byEnd.push(e, i);
        }
    }

    /** The window's start moved to {@code newFrom}: items that started before it straddle, those that ended before it leave. */
    private void moveStart(long newFrom) {
        while (byStart.size() > 0 && byStart.peekKey() < newFrom) {
            int i = byStart.peekItem();
            byStart.pop();
            started--;
            wholeMs -= duration(i);
            straddling++;
            straddlingEndSum += items.end[i];
        }
        from = newFrom;
        while (byEnd.size() > 0 && byEnd.peekKey() < newFrom) {
            int i = byEnd.peekItem();
            byEnd.pop();
            leave(i);
        }
    }

    private void leave(int i) {
        int name = items.name[i];
        long s = items.start[i];
        long e = items.end[i];
        if (inMask(name)) {
            if (items.instant[i]) {
                started--;
                wholeMs -= e - s;
            } else {
                // it ended before the window's start, so it started before it: it was straddling
                straddling--;
                straddlingEndSum -= e;
            }
            ended--;
            long d = e - s;
            endedSumMs -= d;
            if (d >= key.loMs() && d < key.hiMs()) {
                inRange--;
            }
        }
        if (inRel(name)) {
            rel--;
        }
    }

    @Override
    public String toString() {
        return "Tally" + Objects.toString(key);
    }
}
