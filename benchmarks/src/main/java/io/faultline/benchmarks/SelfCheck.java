package io.faultline.benchmarks;

import io.faultline.api.Fault;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Proves, before anything is measured, that a mechanism delivers every fault of a fixture to the
 * handler its type and stage name, on the driver bound to its requester id, exactly once. The
 * expectation comes from the fault alone, so mechanisms that pass all reach the same handlers.
 */
public final class SelfCheck {
    /** Dispatches fault {@code k} (checked exceptions included, as handlers may be called reflectively). */
    @FunctionalInterface
    interface Dispatch {
        void dispatch(int k) throws Throwable;
    }

    private SelfCheck() {
    }

    /** Every fault through {@code m}; the mismatches, empty when all went where they should. */
    static List<String> check(Fixture fx, Mechanism m) {
        return check(fx, m.name(), k -> fx.dispatch(m, k));
    }

    static List<String> check(Fixture fx, String name, Dispatch dispatch) {
        List<String> problems = new ArrayList<>();
        long[] before = new long[Fixture.DEVICES * BenchDriver.HANDLERS];
        long[] after = new long[before.length];
        for (int k = 0; k < fx.faults.length; k++) {
            Fault f = fx.faults[k];
            int expected = expectedCell(fx, f);
            snapshot(fx, before);
            try {
                dispatch.dispatch(k);
            } catch (Throwable t) {
                problems.add(name + " fault #" + k + " (" + f + ") threw " + t);
                continue;
            }
            snapshot(fx, after);
            List<String> reached = new ArrayList<>();
            long hits = 0;
            for (int c = 0; c < after.length; c++) {
                long delta = after[c] - before[c];
                if (delta != 0) {
                    hits += delta;
                    reached.add(cellName(c) + (delta == 1 ? "" : " ×" + delta));
                }
            }
            if (hits != 1 || after[expected] - before[expected] != 1) {
                problems.add(name + " fault #" + k + " (" + f + "): expected " + cellName(expected)
                        + ", reached " + (reached.isEmpty() ? "no handler" : String.join(", ", reached)));
            }
        }
        return problems;
    }

    /** Throws, naming the first mismatches, unless every mechanism in {@code ms} passes. */
    static void require(Fixture fx, Set<Mechanism> ms) {
        List<String> problems = new ArrayList<>();
        for (Mechanism m : ms) {
            problems.addAll(check(fx, m));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("self-check failed for " + fx.mix + " (" + problems.size()
                    + " faults misrouted), first: " + String.join("\n  ", problems.subList(0, Math.min(5, problems.size()))));
        }
    }

    /** Checks every mechanism on every mix; exit status 1 on any mismatch. */
    public static void main(String[] args) throws Throwable {
        Blackhole sink = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        int failures = 0;
        for (FaultMix mix : FaultMix.values()) {
            Fixture fx = new Fixture(mix, sink);
            for (Mechanism m : EnumSet.allOf(Mechanism.class)) {
                List<String> problems = check(fx, m);
                System.out.printf("%-10s %-20s %s%n", mix, m, problems.isEmpty()
                        ? "ok: " + fx.faults.length + " faults, each reached its handler once"
                        : problems.size() + " misrouted, first: " + problems.get(0));
                failures += problems.size();
            }
        }
        sink.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int expectedCell(Fixture fx, Fault f) {
        int device = -1;
        for (int d = 0; d < fx.drivers.length; d++) {
            if (fx.drivers[d] == fx.driverByRid[f.requesterId()]) {
                device = d;
            }
        }
        if (device < 0) {
            throw new IllegalStateException("no driver bound to the requester id of " + f);
        }
        return device * BenchDriver.HANDLERS + BenchDriver.handlerIndex(f.type(), f.stage());
    }

    private static void snapshot(Fixture fx, long[] into) {
        for (int d = 0; d < fx.drivers.length; d++) {
            for (int h = 0; h < BenchDriver.HANDLERS; h++) {
                into[d * BenchDriver.HANDLERS + h] = fx.drivers[d].calls(h);
            }
        }
    }

    private static String cellName(int cell) {
        return "device " + cell / BenchDriver.HANDLERS + " " + BenchDriver.HANDLER_NAMES[cell % BenchDriver.HANDLERS];
    }
}
