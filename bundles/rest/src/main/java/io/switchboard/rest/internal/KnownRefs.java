package io.switchboard.rest.internal;

import java.util.Iterator;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The refs opened through this node (HTTP and shell) since it started, for the shell's ref
 * completion; a closed ref stays, as its statistic stays in the pool. The statistics service has no public listing of its pool, so this is what a
 * completer can offer; it forgets the oldest beyond {@link #MAX} rather than grow without bound.
 */
public final class KnownRefs {

    static final int MAX = 10_000;

    private static final NavigableSet<String> REFS = new ConcurrentSkipListSet<>();
    private static final java.util.concurrent.atomic.AtomicInteger SIZE = new java.util.concurrent.atomic.AtomicInteger();

    private KnownRefs() {
    }

    public static void add(String ref) {
        if (ref == null || !REFS.add(ref)) {
            return;
        }
        // the skip list's size() walks every entry: a count kept beside it costs nothing per open
        if (SIZE.incrementAndGet() > MAX) {
            // sorted, not ordered by age: which ones go is arbitrary, the bound is what matters
            Iterator<String> it = REFS.iterator();
            while (SIZE.get() > MAX && it.hasNext()) {
                String first = it.next();
                if (REFS.remove(first)) {
                    SIZE.decrementAndGet();
                }
            }
        }
    }

    /**
     * {@link #add} while there is room: a batch of opens fills the set and then leaves it be,
     * instead of inserting and evicting for each of its statistics.
     */
    public static void addIfRoom(String ref) {
        if (SIZE.get() < MAX) {
            add(ref);
        }
    }

    public static NavigableSet<String> all() {
        return java.util.Collections.unmodifiableNavigableSet(REFS);
    }
}
