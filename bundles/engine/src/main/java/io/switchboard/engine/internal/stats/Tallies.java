package io.switchboard.engine.internal.stats;

import io.switchboard.api.stats.StatRequest.Filter;
import io.switchboard.engine.internal.core.Mask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tallies of one history, least recently read first. Bounded: statistics opened once and
 * closed, or peeks of rare definitions, do not pile up; what falls out is rebuilt by one scan
 * when it is read again.
 */
final class Tallies {

    static final int MAX_PER_HISTORY = 48;

    private final LinkedHashMap<Tally.Key, Tally> byKey = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Tally.Key, Tally> eldest) {
            return size() > MAX_PER_HISTORY;
        }
    };

    /** What a selection reads: the same for equal keys. */
    record SelectionKey(List<String> mask, List<String> relMask, double loMs, double hiMs, Filter filter,
            boolean stretches, int size) {
    }

    /**
     * The last selection read for a key, and the items it was read over: it stands while no item
     * came, went or changed its attached data, for any read time at or after every item's end
     * (a read before that leaves out items ending after it).
     */
    static final class Selection {
        ActionHistory.Items items;
        int epoch;
        int itemsSize;
        int dataEpoch;
        List<Partial.Sel> selected;
        List<Partial.Sel> relSelected;

        boolean standsFor(ActionHistory h, ActionHistory.Items its, long t) {
            return items == its && epoch == its.epoch && itemsSize == its.size && dataEpoch == h.dataEpoch()
                    && settled(its, t);
        }

        static boolean settled(ActionHistory.Items its, long t) {
            return its.size == 0 || t >= its.maxEnd[its.size - 1];
        }

        void keep(ActionHistory h, ActionHistory.Items its, List<Partial.Sel> sel, List<Partial.Sel> rel) {
            items = its;
            epoch = its.epoch;
            itemsSize = its.size;
            dataEpoch = h.dataEpoch();
            selected = sel;
            relSelected = rel;
        }
    }

    private final LinkedHashMap<SelectionKey, Selection> selections = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SelectionKey, Selection> eldest) {
            return size() > MAX_PER_HISTORY;
        }
    };

    Selection selection(SelectionKey key) {
        return selections.computeIfAbsent(key, k -> new Selection());
    }

    Tally of(Tally.Key key, Mask mask, Mask rel) {
        Tally t = byKey.get(key);
        if (t == null) {
            t = new Tally(key, mask, rel);
            byKey.put(key, t);
        }
        return t;
    }

    int size() {
        return byKey.size();
    }

    /** How often the kept tallies were rebuilt from the history (for tests). */
    int rebuilds() {
        int n = 0;
        for (Tally t : byKey.values()) {
            n += t.rebuilds;
        }
        return n;
    }
}
