package io.faultline.runtime;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Open-addressing map from requester id to {@link DeviceState}, owned by one routing thread.
 * Bounded: past {@code maxDevices} distinct ids (a corrupted queue can invent millions), further
 * devices share one "other devices" state, so memory stays bounded and nothing goes uncounted.
 */
final class DeviceTable {
    private final int maxDevices;
    private final CopyOnWriteArrayList<DeviceState> all;
    private final DeviceState other = new DeviceState(DeviceState.OTHER, true);
    private int[] keys = new int[16];
    private DeviceState[] values = new DeviceState[16];
    private int size;

    DeviceTable(int maxDevices, CopyOnWriteArrayList<DeviceState> all) {
        this.maxDevices = maxDevices;
        this.all = all;
        all.add(other);
    }

    DeviceState get(int requesterId) {
        int mask = keys.length - 1;
        int i = mix(requesterId) & mask;
        while (true) {
            DeviceState s = values[i];
            if (s == null) {
                return add(requesterId);
            }
            if (keys[i] == requesterId) {
                return s;
            }
            i = (i + 1) & mask;
        }
    }

    /** The state shared by faults without a requester id and devices past the limit. */
    DeviceState other() {
        return other;
    }

    private DeviceState add(int requesterId) {
        if (size >= maxDevices) {
            return other;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        DeviceState s = new DeviceState(requesterId, false);
        put(requesterId, s);
        all.add(s);
        return s;
    }

    private void grow() {
        int[] oldKeys = keys;
        DeviceState[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new DeviceState[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void put(int key, DeviceState s) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = s;
        size++;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
