package io.faultline.benchmarks;

import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import io.faultline.runtime.RouteOutcome;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Not mechanisms a user would pick: the hand-written baseline plus ONE of the per-fault costs of
 * {@link io.faultline.runtime.FaultRouter}, to tell where the router's time goes. Each copies the
 * runtime's algorithm (package-private there): {@code BindingTable.get}'s open-addressing probe and
 * {@code RouterCounters}'s opaque single-writer increment. Keep them in step with the runtime.
 */
final class Ablations {
    private static final int STAGES = Stage.values().length;
    private static final int TYPES = FaultType.values().length;

    // BindingTable's layout: keys and values in parallel arrays, capacity a power of two ≥ 2 × size.
    private final int[] keys;
    private final BenchDriver[] values;
    private final int mask;
    private final BenchDriver[] byRid;
    // RouterCounters.byCell: outcome × type × stage.
    private final AtomicLongArray byCell = new AtomicLongArray(RouteOutcome.values().length * TYPES * STAGES);

    Ablations(BenchDriver[] driverByRid) {
        this.byRid = driverByRid;
        int n = 0;
        for (BenchDriver d : driverByRid) {
            n += d == null ? 0 : 1;
        }
        int capacity = 8;
        while (n * 2 > capacity) {
            capacity <<= 1;
        }
        keys = new int[capacity];
        values = new BenchDriver[capacity];
        mask = capacity - 1;
        for (int rid = 0; rid < driverByRid.length; rid++) {
            if (driverByRid[rid] != null) {
                int i = mix(rid) & mask;
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = rid;
                values[i] = driverByRid[rid];
            }
        }
    }

    /** Hand-written, but the driver is found as the router finds it: hash, probe, compare the key. */
    Object hashLookup(Fault fault) {
        int key = fault.requesterId();
        int[] k = keys;
        BenchDriver[] v = values;
        int i = mix(key) & mask;
        BenchDriver d;
        while (true) {
            d = v[i];
            if (d == null || k[i] == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        return d == null ? null : HandWritten.call(d, fault);
    }

    /** Hand-written, then the fault counted as the router counts it (outcome × type × stage). */
    Object counted(Fault fault) {
        BenchDriver d = byRid[fault.requesterId()];
        Object result = d == null ? null : HandWritten.call(d, fault);
        RouteOutcome outcome = result == null ? RouteOutcome.NO_HANDLER : RouteOutcome.HANDLED;
        int cell = (outcome.ordinal() * TYPES + fault.type().ordinal()) * STAGES + fault.stage().ordinal();
        byCell.setOpaque(cell, byCell.getPlain(cell) + 1);
        return outcome;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
