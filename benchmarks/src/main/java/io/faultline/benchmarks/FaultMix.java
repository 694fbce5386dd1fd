package io.faultline.benchmarks;

import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.SplittableRandom;

/**
 * Which faults a benchmark dispatches: exact counts per handler out of {@link Fixture#FAULTS},
 * shuffled with a fixed seed, spread over the {@link Fixture#DEVICES} devices. Every page request
 * closes its group, so every fault reaches a handler.
 */
public enum FaultMix {
    /**
     * Mostly unrecoverable PTE faults (a driver that forgot a mapping), some page requests and
     * PGD faults, few CONTEXT/PASID faults. Counts per handler, in {@link BenchDriver} order.
     */
    REALISTIC(16, 24, 96, 640, 8, 8, 32, 200),
    /** Every fault goes to one handler (unrecoverable PTE): the best case for branch prediction. */
    SINGLE(0, 0, 0, 1024, 0, 0, 0, 0);

    private static final Stage[] STAGES = {Stage.CONTEXT, Stage.PASID, Stage.PGD, Stage.PTE};
    // Adapters keep one Reason per code; so do we.
    private static final Reason[] REASONS = {
        Reason.named("synthetic context fault"), Reason.named("synthetic pasid fault"),
        Reason.named("synthetic pgd fault"), Reason.named("synthetic pte fault"),
    };

    private final int[] perHandler;

    FaultMix(int... perHandler) {
        this.perHandler = perHandler;
    }

    /** How many of the faults go to {@code handler}. */
    int count(int handler) {
        return perHandler[handler];
    }

    /** The faults, in dispatch order; device {@code d} faults with requester id {@code rids[d]}. */
    Fault[] build(int[] rids, long seed) {
        int[] handlers = new int[Fixture.FAULTS];
        int n = 0;
        for (int h = 0; h < perHandler.length; h++) {
            for (int i = 0; i < perHandler[h]; i++) {
                handlers[n++] = h;
            }
        }
        if (n != Fixture.FAULTS) {
            throw new IllegalStateException(this + " has " + n + " faults, not " + Fixture.FAULTS);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = handlers[i];
            handlers[i] = handlers[j];
            handlers[j] = t;
        }
        Fault[] faults = new Fault[n];
        for (int i = 0; i < n; i++) {
            faults[i] = fault(handlers[i], rids[random.nextInt(rids.length)], random);
        }
        return faults;
    }

    private static Fault fault(int handler, int rid, SplittableRandom random) {
        Stage stage = STAGES[handler % 4];
        long address = random.nextLong(1L << 48) & ~0xFFFL;
        Access access = Access.of(true, random.nextBoolean(), false, false);
        int pasid = 1 + random.nextInt(0xFFFFE);
        if (handler >= 4) {
            return PageRequest.builder(Family.SYNTHETIC).requesterId(rid).pasid(pasid).address(address)
                    .access(access).stage(stage).groupIndex(random.nextInt(512)).lastInGroup(true).build();
        }
        UnrecoverableFault.Builder b = UnrecoverableFault.builder(Family.SYNTHETIC).requesterId(rid)
                .address(address).access(access).stage(stage).reason(REASONS[handler]);
        if (stage != Stage.CONTEXT) {
            b.pasid(pasid);
        }
        return b.build();
    }
}
