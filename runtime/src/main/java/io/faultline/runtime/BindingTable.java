package io.faultline.runtime;

import io.faultline.api.FaultDispatcher;

/**
 * Immutable open-addressing map from requester id to dispatcher. A router swaps in a new table on
 * every bind/unbind (rare), so a lookup (every fault) is a plain array probe with no locking.
 */
final class BindingTable {
    static final BindingTable EMPTY = new BindingTable(8);

    private final int[] keys;
    private final FaultDispatcher<?>[] values;
    private final int mask;
    private int size;

    private BindingTable(int capacity) {
        this.keys = new int[capacity];
        this.values = new FaultDispatcher<?>[capacity];
        this.mask = capacity - 1;
    }

    int size() {
        return size;
    }

    FaultDispatcher<?> get(int key) {
        int[] k = keys;
        FaultDispatcher<?>[] v = values;
        int i = mix(key) & mask;
        while (true) {
            FaultDispatcher<?> d = v[i];
            if (d == null || k[i] == key) {
                return d;
            }
            i = (i + 1) & mask;
        }
    }

    /** A copy with {@code key} bound to {@code dispatcher} (replacing any earlier binding). */
    BindingTable with(int key, FaultDispatcher<?> dispatcher) {
        int capacity = keys.length;
        while ((size + 1) * 2 > capacity) {
            capacity <<= 1;
        }
        BindingTable t = copyWithout(key, capacity);
        t.put(key, dispatcher);
        return t;
    }

    /** A copy without {@code key}. */
    BindingTable without(int key) {
        return copyWithout(key, keys.length);
    }

    private BindingTable copyWithout(int key, int capacity) {
        BindingTable t = new BindingTable(capacity);
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null && keys[i] != key) {
                t.put(keys[i], values[i]);
            }
        }
        return t;
    }

    /** Only while building a fresh table, before it is published. */
    private void put(int key, FaultDispatcher<?> dispatcher) {
        int i = mix(key) & mask;
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = dispatcher;
        size++;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
