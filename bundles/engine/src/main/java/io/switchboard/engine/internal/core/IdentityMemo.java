package io.switchboard.engine.internal.core;

import java.util.function.Function;

/**
 * Remembers what was derived from a few immutable definitions, by the definition's identity: the
 * grid evaluates the same stat type masks and time profile instances thousands of times a pass,
 * and a content-keyed map hashed the whole list or map on every look-up (a tenth of the partition
 * threads' time at 60,000 statistics). Only JDK immutable collections are remembered, since a
 * mutable one could change after it was looked at; any other instance is simply derived again.
 *
 * <p>Lock-free and racy on purpose: a slot holds one immutable pair, so a reader sees either a
 * whole pair or another, and a lost write costs a derivation, never a wrong answer.
 */
public final class IdentityMemo<K, V> {

    private record Slot(Object key, Object value) {
    }

    /** Above the definitions a large pool holds (thousands of stat types), so that they rarely collide. */
    private static final int SLOTS = 8192;

    private final Slot[] slots = new Slot[SLOTS];
    private final Function<K, V> derive;

    public IdentityMemo(Function<K, V> derive) {
        this.derive = derive;
    }

    @SuppressWarnings("unchecked")
    public V get(K key) {
        if (key == null || !immutable(key)) {
            return derive.apply(key);
        }
        int i = System.identityHashCode(key) & (SLOTS - 1);
        Slot s = slots[i];
        if (s != null && s.key == key) {
            return (V) s.value;
        }
        V v = derive.apply(key);
        slots[i] = new Slot(key, v);
        return v;
    }

    /** {@code List.of}, {@code List.copyOf}, {@code Map.of}, {@code Map.copyOf} and the like. */
    static boolean immutable(Object o) {
        return IMMUTABLE.get(o.getClass());
    }

    /** Asked of every look-up: the answer per class, not a comparison of its name each time. */
    private static final ClassValue<Boolean> IMMUTABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getName().startsWith("java.util.ImmutableCollections$");
        }
    };
}
