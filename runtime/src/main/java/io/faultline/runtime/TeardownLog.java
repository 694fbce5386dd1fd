package io.faultline.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The recent PASID teardowns, so that a handler that defers its group while the group's PASID is
 * being torn down sees it: teardown bumps the generation and then cancels what is deferred; a
 * deferring handler registers its group and then reads the generation. One of the two sees the
 * other. Teardowns are rare; the common check is one volatile read.
 */
final class TeardownLog {
    private static final int KEPT = 64;
    private final AtomicLong generation = new AtomicLong();
    private final long[] keys = new long[KEPT];
    private final long[] generations = new long[KEPT];

    /** The generation now: taken when a handler starts. */
    long generation() {
        return generation.get();
    }

    /** Records a teardown, before its deferred groups are cancelled. */
    synchronized void record(int requesterId, int pasid) {
        long g = generation.incrementAndGet();
        int slot = (int) (g % KEPT);
        keys[slot] = key(requesterId, pasid);
        generations[slot] = g;
    }

    /**
     * Whether this device's PASID was torn down after generation {@code since}. When more teardowns
     * happened since then than are kept, says yes: answering INVALID at once is safe (the device
     * asks again), waiting for the deadline is not.
     */
    boolean tornDownSince(long since, int requesterId, int pasid) {
        long now = generation.get();
        if (now == since) {
            return false;
        }
        if (now - since > KEPT) {
            return true;
        }
        long k = key(requesterId, pasid);
        synchronized (this) {
            for (long g = since + 1; g <= now; g++) {
                int slot = (int) (g % KEPT);
                if (generations[slot] == g && keys[slot] == k) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long key(int requesterId, int pasid) {
        return (long) requesterId << 32 | (pasid & 0xffffffffL);
    }
}
