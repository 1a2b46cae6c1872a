package io.switchboard.engine.internal.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An action or status mask: names, {@code *} for all, {@code ~X} to exclude X. A mask of only
 * exclusions means everything except them.
 */
public final class Mask {

    /** Parsed masks by their entries: the same few masks are evaluated over and over. */
    private static final java.util.Map<List<String>, Mask> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private final boolean all;
    private final Set<String> included = new HashSet<>();
    private final Set<String> excluded = new HashSet<>();

    private Mask(List<String> entries) {
        boolean any = false;
        for (String e : entries) {
            if ("*".equals(e)) {
                any = true;
            } else if (e.startsWith("~")) {
                excluded.add(e.substring(1));
            } else {
                included.add(e);
            }
        }
        this.all = any || included.isEmpty() && !excluded.isEmpty();
        this.single = !all && excluded.isEmpty() && included.size() == 1 ? included.iterator().next() : null;
    }

    /**
     * The one name of a mask that is just that name (most are): compared directly, as two set
     * look-ups per decision were a fifth of a tenant scan's time.
     */
    private final String single;

    /**
     * Parses a mask; an entry that names no known action or status is reported by name.
     *
     * @throws IllegalArgumentException naming the first unknown entry
     */
    /** Stat types' masks by identity, in front of {@link #CACHE}. */
    private static final IdentityMemo<List<String>, Mask> BY_IDENTITY = new IdentityMemo<>(Mask::parseByContent);

    /** As {@link #parseUncached}, remembering the result (masks are immutable). */
    public static Mask parse(List<String> entries) {
        return BY_IDENTITY.get(entries);
    }

    private static Mask parseByContent(List<String> entries) {
        Mask m = CACHE.get(entries);
        if (m == null) {
            m = parseUncached(entries);
            if (CACHE.size() > 4096) {
                CACHE.clear();
            }
            CACHE.put(List.copyOf(entries), m);
        }
        return m;
    }

    public static Mask parseUncached(List<String> entries) {
        for (String e : entries) {
            String name = e.startsWith("~") ? e.substring(1) : e;
            if (!"*".equals(e) && !Actions.isKnown(name)) {
                throw new IllegalArgumentException("unknown action or status '" + e + "' in mask");
            }
        }
        return new Mask(entries);
    }

    public boolean matches(String name) {
        if (single != null) {
            return single.equals(name);
        }
        if (!excluded.isEmpty() && excluded.contains(name)) {
            return false;
        }
        return all || included.contains(name);
    }
}
