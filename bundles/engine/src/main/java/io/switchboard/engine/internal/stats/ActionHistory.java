package io.switchboard.engine.internal.stats;

import io.switchboard.engine.internal.core.Mask;

import io.switchboard.engine.internal.core.ActionRecord;
import io.switchboard.engine.internal.core.RunningAction;
import io.switchboard.engine.internal.core.Wire;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One object's finished actions (ENDED and INSTANT records), its status stretches, the actions in
 * progress and the attached data of the calls they belong to, for a horizon.
 *
 * <p>It lives inside grid map values, so it is kept small: finished actions and stretches are
 * parallel primitive arrays indexing a per-history string table (action names and media repeat
 * endlessly) and a per-history call table (one data map per call, not per action, which is also
 * what fine point 12 asks for: a filter sees the call's data merged over all its events so far).
 *
 * <p>Not thread-safe: the grid applies an object's events one at a time.
 */
public final class ActionHistory {

    static final int VERSION = 1;
    /** Marks "no status recorded yet" (an object with no event is LoggedOut with since null). */
    private static final long NO_STATUS = Long.MIN_VALUE;

    /** Knowledge start at creation; {@link Long#MIN_VALUE} means "complete from the beginning". */
    private long origin;
    /** Earliest time this history knows everything from; moves forward with {@link #prune}. */
    private long since;

    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> stringIndex = new HashMap<>();

    private final List<String> callIds = new ArrayList<>();
    private final List<Map<String, String>> callData = new ArrayList<>();
    private final Map<String, Integer> callIndex = new HashMap<>();

    /** Bumped whenever a call's attached data changes (what a data filter decides can change). */
    private int dataEpoch;
    /** Interval aggregates kept current for the statistics read from this history; not on the wire. */
    private Tallies tallies;

    int dataEpoch() {
        return dataEpoch;
    }

    /**
     * What changed since the last {@link #drainChanges}: the names of actions that started, ended
     * or happened, and {@link Changes#STATUS}, {@link Changes#DATA} or {@link Changes#EVERYTHING};
     * null when nothing did. Not on the wire: a history read from bytes reports nothing it did
     * before, and its first operation after a move is reported as it happens.
     */
    private java.util.Set<String> changed;

    private void changed(String what) {
        if (changed == null) {
            changed = new java.util.HashSet<>(4);
        }
        changed.add(what);
    }

    /** Adds what changed since the last call to {@code into}, and forgets it. */
    public void drainChanges(java.util.Set<String> into) {
        if (changed != null) {
            into.addAll(changed);
            changed = null;
        }
    }

    Tallies tallies() {
        if (tallies == null) {
            tallies = new Tallies();
        }
        return tallies;
    }

    /** Finished actions. */
    final Items actions = new Items();
    /** Finished status stretches (status value, since, until). */
    final Items stretches = new Items();

    private final List<RunningAction> running = new ArrayList<>(4);

    private String status;
    private long statusSince = NO_STATUS;

    /** A history that knows everything that ever happened to its object (a new object). */
    public ActionHistory() {
        this(Long.MIN_VALUE);
    }

    /**
     * @param since epoch ms from which this history knows everything, e.g. when the engine started
     *              without a backup; {@link Long#MIN_VALUE} for a brand new object
     */
    public ActionHistory(long since) {
        this.origin = since;
        this.since = since;
    }

    // ---------------------------------------------------------------- feeding

    /** Appends the changes produced by one event, in order. */
    public void append(List<ActionRecord> records) {
        for (ActionRecord r : records) {
            append(r);
        }
    }

    /**
     * Records one change: STARTED only joins the running set (it is not a finished action), ENDED
     * leaves it and becomes a finished action, INSTANT is a finished action at once.
     */
    public void append(ActionRecord r) {
        mergeData(r.call(), r.data());
        changed(r.name());
        switch (r.kind()) {
            case STARTED:
                if (indexOfRunning(r.name(), r.call(), r.media(), r.start()) < 0) {
                    running.add(new RunningAction(intern(r.name()), r.start(), r.call(), intern(r.media())));
                }
                break;
            case ENDED:
                int i = indexOfRunning(r.name(), r.call(), r.media(), r.start());
                if (i >= 0) {
                    running.remove(i);
                }
                addFinished(r.name(), r.start(), r.end(), false, r.media(), r.call());
                break;
            case INSTANT:
                addFinished(r.name(), r.start(), r.end(), true, r.media(), r.call());
                break;
            default:
                throw new IllegalStateException("unknown record kind " + r.kind());
        }
    }

    /**
     * Replaces the set of actions in progress by the state machine's own (which is authoritative,
     * e.g. after a restore where records were not replayed).
     */
    public void setRunning(Collection<RunningAction> actionsInProgress) {
        changed(Changes.EVERYTHING);
        running.clear();
        for (RunningAction r : actionsInProgress) {
            running.add(new RunningAction(intern(r.name()), r.start(), r.call(), intern(r.media())));
            if (r.call() != null) {
                callSlot(r.call());
            }
        }
    }

    /** Merges attached data that came with an event producing no action change (later values win). */
    public void updateCallData(String call, Map<String, String> data) {
        mergeData(call, data);
    }

    /**
     * Records that the object's status changed to {@code newStatus} at {@code at}. The stretch of
     * the previous status ends there. The same status again is no change (fine point 2); a time
     * before the current stretch began is taken as that begin, so stretches never go backwards.
     */
    public void recordStatus(String newStatus, long at) {
        Objects.requireNonNull(newStatus, "status");
        if (status != null) {
            if (status.equals(newStatus)) {
                return;
            }
            long end = Math.max(at, statusSince);
            stretches.add(str(status), statusSince, end, false, -1, -1);
            at = end;
        }
        changed(Changes.STATUS);
        status = intern(newStatus);
        statusSince = at;
    }

    /**
     * Replaces the status timeline from {@code from} on by {@code changes} (time to status, in
     * order, every time at or after {@code from}). A composed status (an agent over its DNs and
     * media, a place over its agents) is fed by several sources whose events interleave out of
     * time order: an event stamped before the current stretch began changes what the composed
     * value was since then, so the stretches after it are recomputed by the caller from its
     * components and written again here, each with its true start (fine points 2 and 8).
     */
    public void recomposeFrom(long from, java.util.SortedMap<Long, String> changes) {
        changed(Changes.STATUS);
        if (status != null && statusSince > from) {
            // The stretch in progress began after from: reopen the one that covered from. (One
            // that began at from stays: changes at one instant keep their zero-length stretches.)
            status = null;
            statusSince = NO_STATUS;
            while (stretches.size > 0) {
                int last = stretches.size - 1;
                long start = stretches.start[last];
                String name = string(stretches.name[last]);
                stretches.dropLast();
                if (start < from) {
                    status = intern(name);
                    statusSince = start;
                    break;
                }
            }
        }
        for (Map.Entry<Long, String> c : changes.entrySet()) {
            recordStatus(c.getValue(), c.getKey());
        }
    }

    /**
     * The status timeline from {@code from} on: the stretch covering {@code from} (at its true
     * start) and every change after it, time to status; empty if no status was recorded.
     */
    public java.util.TreeMap<Long, String> timelineFrom(long from) {
        java.util.TreeMap<Long, String> timeline = new java.util.TreeMap<>();
        if (status == null) {
            return timeline;
        }
        timeline.put(statusSince, status);
        if (statusSince <= from) {
            return timeline;
        }
        for (int i = stretches.size - 1; i >= 0; i--) {
            timeline.put(stretches.start[i], string(stretches.name[i]));
            if (stretches.start[i] <= from) {
                break;
            }
        }
        return timeline;
    }

    /** Adds to {@code into} every time at or after {@code from} at which the status changed. */
    public void changesFrom(long from, java.util.Set<Long> into) {
        if (status != null && statusSince >= from) {
            into.add(statusSince);
        }
        for (int i = stretches.size - 1; i >= 0; i--) {
            if (stretches.maxEnd[i] < from) {
                break; // the past before from: nothing more to find
            }
            if (stretches.start[i] >= from) {
                into.add(stretches.start[i]);
            }
        }
    }

    /** The status at {@code t}: the current one, a past stretch, or null if none covers t. */
    public String statusAt(long t) {
        if (status != null && statusSince <= t) {
            return status;
        }
        for (int i = stretches.size - 1; i >= 0; i--) {
            if (stretches.start[i] <= t && t < stretches.end[i]) {
                return string(stretches.name[i]);
            }
            if (stretches.maxEnd[i] <= t) {
                break; // every earlier stretch ended before t too
            }
        }
        return null;
    }

    /**
     * Forgets finished actions and stretches that ended before {@code horizon}. If that forgot
     * anything, the history only knows everything from the horizon on; if nothing had ended
     * before it, nothing was lost and intervals reaching further back are still complete.
     */
    /** Not part of the wire form: after a move the first event prunes once more, which is harmless. */
    private long prunedTo = Long.MIN_VALUE;

    /**
     * Prunes when the horizon moved by at least {@code every} ms since the last prune: pruning
     * scans the whole history, and the hot path should not do that for every event.
     */
    public void pruneEvery(long horizon, long every) {
        if (prunedTo == Long.MIN_VALUE || horizon - prunedTo >= every) {
            prune(horizon);
            prunedTo = horizon;
        }
    }

    /** Finished actions (not status stretches) that ended in [from, to], in the order they were added. */
    public List<io.switchboard.api.stats.FinishedAction> finishedEndingIn(long from, long to) {
        List<io.switchboard.api.stats.FinishedAction> list = new ArrayList<>();
        Items a = actions;
        for (int i = 0; i < a.size; i++) {
            if (a.end[i] >= from && a.end[i] <= to) {
                String call = a.call[i] >= 0 ? callIds.get(a.call[i]) : null;
                list.add(new io.switchboard.api.stats.FinishedAction(string(a.name[i]), a.start[i], a.end[i],
                        a.instant[i], a.media[i] >= 0 ? string(a.media[i]) : null,
                        call == null || callData(call) == null ? Map.of() : callData(call)));
            }
        }
        return list;
    }

    public void prune(long horizon) {
        int before = actions.size + stretches.size;
        actions.retainEndingFrom(horizon);
        stretches.retainEndingFrom(horizon);
        if (actions.size + stretches.size < before) {
            // values over intervals that reached the forgotten part (and their "partial") moved
            changed(Changes.EVERYTHING);
            if (horizon > since) {
                since = horizon;
            }
        }
        compactCalls();
    }

    // ---------------------------------------------------------------- reading

    /** Earliest time (epoch ms) from which this history is complete. */
    public long since() {
        return since;
    }

    /** Knowledge start when the history was created; {@code since() > origin()} once it lost something. */
    public long origin() {
        return origin;
    }

    /** Whether pruning has discarded knowledge, i.e. an unbounded interval is no longer complete. */
    public boolean lossy() {
        return since > origin;
    }

    public List<RunningAction> running() {
        return Collections.unmodifiableList(running);
    }

    /** Current status, or null if none was recorded. */
    public String status() {
        return status;
    }

    /** When the current status began, or null if none was recorded. */
    public Long statusSince() {
        return status == null ? null : statusSince;
    }

    public int finishedCount() {
        return actions.size;
    }

    public int stretchCount() {
        return stretches.size;
    }

    /** Attached data of a call, merged over its events so far, or null if the call is unknown. */
    public Map<String, String> callData(String call) {
        Integer i = call == null ? null : callIndex.get(call);
        return i == null ? null : Collections.unmodifiableMap(callData.get(i));
    }

    String string(int index) {
        return index < 0 ? null : strings.get(index);
    }

    /**
     * What each mask decided of this history's names, by name index (0 undecided, 1 in, 2 out),
     * kept across reads by the thread that owns the history: a read used to decide every name
     * anew by hashing it into the mask's sets, a tenth of the partition threads' time at 60,000
     * statistics. Valid for good, as names are only ever added. Not on the wire.
     */
    private java.util.IdentityHashMap<Mask, byte[]> decisions;

    /** The decisions of {@code mask} (one instance per mask content), null when none are kept. */
    byte[] decisions(Mask mask) {
        return decisions == null ? null : decisions.get(mask);
    }

    void keepDecisions(Mask mask, byte[] decided) {
        if (decisions == null) {
            decisions = new java.util.IdentityHashMap<>();
        } else if (decisions.size() >= MAX_MASK_DECISIONS && !decisions.containsKey(mask)) {
            // masks of statistics long closed: start over rather than grow
            decisions.clear();
        }
        decisions.put(mask, decided);
    }

    static final int MAX_MASK_DECISIONS = 256;

    /**
     * Whether any action this history holds or runs may be in the mask: false when none of its
     * names (and media, which only makes the answer "may") is. A tenant's value asks every
     * object for a partial of each of its masks, and most objects never saw most masks' actions
     * (agents no CallEntered, queues no CallInbound): such a partial is known to be zero without
     * a scan or a tally. With {@code owner}, the mask's kept decisions are used and added to.
     */
    boolean mayMatch(Mask mask, boolean owner) {
        for (RunningAction r : running) {
            if (mask.matches(r.name())) {
                return true;
            }
        }
        byte[] decided = owner ? decisions(mask) : null;
        if (owner && (decided == null || decided.length < strings.size())) {
            decided = decided == null ? new byte[strings.size()] : java.util.Arrays.copyOf(decided, strings.size());
            keepDecisions(mask, decided);
        }
        for (int i = 0; i < strings.size(); i++) {
            byte d = decided == null ? 0 : decided[i];
            if (d == 0) {
                String name = strings.get(i);
                d = name != null && mask.matches(name) ? (byte) 1 : (byte) 2;
                if (decided != null) {
                    decided[i] = d;
                }
            }
            if (d == 1) {
                return true;
            }
        }
        return false;
    }

    String call(int index) {
        return index < 0 ? null : callIds.get(index);
    }

    Map<String, String> dataOfCall(int index) {
        return index < 0 ? null : callData.get(index);
    }

    // ---------------------------------------------------------------- wire form

    /** Writes the explicit, versioned wire form (java.io only, so any instance can read it). */
    public void write(DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeLong(origin);
        out.writeLong(since);
        out.writeInt(strings.size());
        for (String s : strings) {
            out.writeUTF(s);
        }
        out.writeInt(callIds.size());
        for (int i = 0; i < callIds.size(); i++) {
            out.writeUTF(callIds.get(i));
            Wire.writeMap(out, callData.get(i));
        }
        actions.write(out);
        stretches.write(out);
        out.writeInt(running.size());
        for (RunningAction r : running) {
            out.writeUTF(r.name());
            out.writeLong(r.start());
            Wire.writeString(out, r.call());
            Wire.writeString(out, r.media());
        }
        Wire.writeString(out, status);
        out.writeLong(statusSince);
    }

    public static ActionHistory read(DataInput in) throws IOException {
        int v = in.readUnsignedByte();
        if (v != VERSION) {
            throw new IOException("unsupported action history format version " + v);
        }
        ActionHistory h = new ActionHistory(in.readLong());
        h.since = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String s = in.readUTF().intern();
            h.strings.add(s);
            h.stringIndex.put(s, i);
        }
        n = in.readInt();
        for (int i = 0; i < n; i++) {
            String call = in.readUTF();
            h.callIds.add(call);
            h.callData.add(Wire.readMap(in, new LinkedHashMap<>()));
            h.callIndex.put(call, i);
        }
        h.actions.read(in, h.strings.size(), h.callIds.size());
        h.stretches.read(in, h.strings.size(), h.callIds.size());
        n = in.readInt();
        for (int i = 0; i < n; i++) {
            h.running.add(new RunningAction(in.readUTF().intern(), in.readLong(), Wire.readString(in),
                    intern(Wire.readString(in))));
        }
        String st = Wire.readString(in);
        h.status = intern(st);
        h.statusSince = in.readLong();
        return h;
    }

    // ---------------------------------------------------------------- internals

    private void addFinished(String name, long start, long end, boolean instant, String media, String call) {
        actions.add(str(name), start, end, instant, media == null ? -1 : str(media),
                call == null ? -1 : callSlot(call));
    }

    /** The running action an ENDED record closes: same name, call, media and start. */
    private int indexOfRunning(String name, String call, String media, long start) {
        for (int i = 0; i < running.size(); i++) {
            RunningAction r = running.get(i);
            if (r.start() == start && r.name().equals(name) && Objects.equals(r.call(), call)
                    && Objects.equals(r.media(), media)) {
                return i;
            }
        }
        return -1;
    }

    private void mergeData(String call, Map<String, String> data) {
        if (call == null) {
            return;
        }
        int slot = callSlot(call);
        if (data != null && !data.isEmpty()) {
            Map<String, String> known = callData.get(slot);
            for (Map.Entry<String, String> d : data.entrySet()) {
                if (!Objects.equals(known.put(d.getKey(), d.getValue()), d.getValue())) {
                    dataEpoch++;
                    changed(Changes.DATA);
                }
            }
        }
    }

    private int callSlot(String call) {
        Integer i = callIndex.get(call);
        if (i == null) {
            i = callIds.size();
            callIds.add(call);
            callData.add(new LinkedHashMap<>(2));
            callIndex.put(call, i);
        }
        return i;
    }

    private int str(String s) {
        Integer i = stringIndex.get(s);
        if (i == null) {
            i = strings.size();
            s = s.intern();
            strings.add(s);
            stringIndex.put(s, i);
        }
        return i;
    }

    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    /** Drops calls that no finished or running action refers to any more, renumbering the rest. */
    private void compactCalls() {
        boolean[] used = new boolean[callIds.size()];
        for (int i = 0; i < actions.size; i++) {
            if (actions.call[i] >= 0) {
                used[actions.call[i]] = true;
            }
        }
        for (RunningAction r : running) {
            if (r.call() != null) {
                used[callIndex.get(r.call())] = true;
            }
        }
        int[] remap = new int[used.length];
        List<String> ids = new ArrayList<>();
        List<Map<String, String>> data = new ArrayList<>();
        for (int i = 0; i < used.length; i++) {
            remap[i] = used[i] ? ids.size() : -1;
            if (used[i]) {
                ids.add(callIds.get(i));
                data.add(callData.get(i));
            }
        }
        if (ids.size() == callIds.size()) {
            return;
        }
        callIds.clear();
        callIds.addAll(ids);
        callData.clear();
        callData.addAll(data);
        callIndex.clear();
        for (int i = 0; i < callIds.size(); i++) {
            callIndex.put(callIds.get(i), i);
        }
        for (int i = 0; i < actions.size; i++) {
            if (actions.call[i] >= 0) {
                actions.call[i] = remap[actions.call[i]];
            }
        }
    }

    /** Parallel arrays of finished items; -1 in media/call means none. */
    static final class Items {
        int size;
        int[] name = new int[0];
        int[] media = new int[0];
        int[] call = new int[0];
        long[] start = new long[0];
        long[] end = new long[0];
        boolean[] instant = new boolean[0];
        /**
         * The latest end among items 0..i: never decreases, so a binary search on it skips the
         * past even when ends arrive out of order (a queue fed by several sources whose events
         * interleave), where a search on the ends themselves would be wrong and a scan of the
         * whole day would be the only safe start.
         */
        long[] maxEnd = new long[0];

        /** Whether end times never decrease (the usual case for one source). */
        boolean sortedByEnd = true;

        /** Bumped by every change other than an append: what a {@link Tally} folded is then void. */
        int epoch;

        void dropLast() {
            size--;
            epoch++;
        }

        void add(int n, long s, long e, boolean inst, int m, int c) {
            if (size > 0 && e < end[size - 1]) {
                sortedByEnd = false;
            }
            if (size == name.length) {
                grow(Math.max(4, size + (size >> 1)));
            }
            name[size] = n;
            start[size] = s;
            end[size] = e;
            maxEnd[size] = size > 0 ? Math.max(maxEnd[size - 1], e) : e;
            instant[size] = inst;
            media[size] = m;
            call[size] = c;
            size++;
        }

        private void grow(int capacity) {
            name = java.util.Arrays.copyOf(name, capacity);
            media = java.util.Arrays.copyOf(media, capacity);
            call = java.util.Arrays.copyOf(call, capacity);
            start = java.util.Arrays.copyOf(start, capacity);
            end = java.util.Arrays.copyOf(end, capacity);
            maxEnd = java.util.Arrays.copyOf(maxEnd, capacity);
            instant = java.util.Arrays.copyOf(instant, capacity);
        }

        void retainEndingFrom(long horizon) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (end[i] >= horizon) {
                    name[kept] = name[i];
                    media[kept] = media[i];
                    call[kept] = call[i];
                    start[kept] = start[i];
                    end[kept] = end[i];
                    instant[kept] = instant[i];
                    kept++;
                }
            }
            if (kept < size) {
                epoch++;
            }
            size = kept;
            boolean sorted = true;
            for (int i = 0; i < size; i++) {
                maxEnd[i] = i > 0 ? Math.max(maxEnd[i - 1], end[i]) : end[i];
                sorted &= i == 0 || end[i] >= end[i - 1];
            }
            sortedByEnd = sorted;
            // Give memory back when most of it went away (a day's traffic after a busy day).
            if (name.length > 16 && size < name.length / 4) {
                grow(Math.max(4, size * 2));
            }
        }

        /**
         * An index before which every item ended before {@code time}: with ends in order, the
         * first item ending at or after it; otherwise items after it may still have ended earlier,
         * and callers check each item's end.
         */
        int firstEndingFrom(long time) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (maxEnd[mid] < time) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** An index before which every item ended at or before {@code time} (see {@link #firstEndingFrom}). */
        int firstEndingAfter(long time) {
            return time == Long.MAX_VALUE ? size : firstEndingFrom(time + 1);
        }

        void write(DataOutput out) throws IOException {
            out.writeInt(size);
            for (int i = 0; i < size; i++) {
                out.writeInt(name[i]);
                out.writeLong(start[i]);
                out.writeLong(end[i]);
                out.writeBoolean(instant[i]);
                out.writeInt(media[i]);
                out.writeInt(call[i]);
            }
        }

        void read(DataInput in, int strings, int calls) throws IOException {
            int n = in.readInt();
            if (n < 0) {
                throw new IOException("negative item count " + n);
            }
            grow(n);
            for (int i = 0; i < n; i++) {
                int nm = in.readInt();
                long s = in.readLong();
                long e = in.readLong();
                boolean inst = in.readBoolean();
                int m = in.readInt();
                int c = in.readInt();
                if (nm < 0 || nm >= strings || m >= strings || c >= calls) {
                    throw new IOException("corrupt action history item " + i);
                }
                add(nm, s, e, inst, m, c);
            }
        }
    }
}
