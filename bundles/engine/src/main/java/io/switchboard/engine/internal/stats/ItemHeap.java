package io.switchboard.engine.internal.stats;

import java.util.Arrays;

/**
 * A min-heap of item indices by a long key (a start, an end, a negated duration): a tally's
 * window lets its items go by these keys, whatever order the items were appended in.
 */
final class ItemHeap {

    private long[] keys = new long[0];
    private int[] items = new int[0];
    private int size;

    int size() {
        return size;
    }

    long peekKey() {
        return keys[0];
    }

    int peekItem() {
        return items[0];
    }

    void clear() {
        size = 0;
    }

    void push(long key, int item) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, Math.max(8, size * 2));
            items = Arrays.copyOf(items, keys.length);
        }
        int k = size++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[k] = keys[parent];
            items[k] = items[parent];
            k = parent;
        }
        keys[k] = key;
        items[k] = item;
    }

    void pop() {
        long key = keys[--size];
        int item = items[size];
        int k = 0;
        int half = size >>> 1;
        while (k < half) {
            int c = 2 * k + 1;
            if (c + 1 < size && keys[c + 1] < keys[c]) {
                c++;
            }
            if (key <= keys[c]) {
                break;
            }
            keys[k] = keys[c];
            items[k] = items[c];
            k = c;
        }
        if (size > 0) {
            keys[k] = key;
            items[k] = item;
        }
    }
}
