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
    // PCI requester ids (16 bits) index an array directly, allocated on first use: one load per
    // fault, like a hand-written driver table. Wider ids (SMMU StreamIDs) use the hash table.
    private DeviceState[] direct;
    private int[] keys = new int[16];
    private DeviceState[] values = new DeviceState[16];
    private int tracked; // devices with their own row, for the limit
    private int hashSize;

    DeviceTable(int maxDevices, CopyOnWriteArrayList<DeviceState> all) {
        this.maxDevices = maxDevices;
        this.all = all;
        all.add(other);
    }

    DeviceState get(int requesterId) {
        if ((requesterId >>> 16) == 0) {
            DeviceState[] d = direct;
            if (d != null) {
                DeviceState s = d[requesterId];
                if (s != null) {
                    return s;
                }
            }
            return addDirect(requesterId);
        }
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

    private DeviceState addDirect(int requesterId) {
        if (tracked >= maxDevices) {
            return other;
        }
        if (direct == null) {
            direct = new DeviceState[1 << 16];
        }
        DeviceState s = new DeviceState(requesterId, false);
        direct[requesterId] = s;
        tracked++;
        all.add(s);
        return s;
    }

    private DeviceState add(int requesterId) {
        if (tracked >= maxDevices) {
            return other;
        }
        if ((hashSize + 1) * 2 > keys.length) {
            grow();
        }
        DeviceState s = new DeviceState(requesterId, false);
        put(requesterId, s);
        tracked++;
        all.add(s);
        return s;
    }

    private void grow() {
        int[] oldKeys = keys;
        DeviceState[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new DeviceState[oldValues.length * 2];
        hashSize = 0;
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
        hashSize++;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
