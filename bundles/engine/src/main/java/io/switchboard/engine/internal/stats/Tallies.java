package io.switchboard.engine.internal.stats;

import io.switchboard.engine.internal.core.Mask;
import java.util.LinkedHashMap;
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
