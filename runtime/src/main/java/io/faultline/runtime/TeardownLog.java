package io.faultline.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The recent PASID teardowns, so that a handler that defers its group while the group's PASID is
 * being torn down sees it. A teardown bumps the generation before it cancels what is deferred; a
 * deferring handler registers its group and then reads the generation: one of the two sees the
 * other. A handler compares with the generation that was <em>settled</em> (no teardown still
 * cancelling) when it started, so a teardown in flight at that moment counts too. Teardowns are
 * rare; the common check is one volatile read.
 */
final class TeardownLog {
    private static final int KEPT = 64;
    private final AtomicLong generation = new AtomicLong();
    private volatile long settled;
    private int inFlight; // guarded by this
    private final long[] keys = new long[KEPT];
    private final long[] generations = new long[KEPT];

    /** Every teardown up to this generation has finished cancelling: taken when a handler starts. */
    long settled() {
        return settled;
    }

    /** Logs a teardown before its deferred groups are cancelled; call {@link #end()} after. */
    synchronized void begin(int requesterId, int pasid) {
        long g = generation.incrementAndGet();
        int slot = (int) (g % KEPT);
        keys[slot] = key(requesterId, pasid);
        generations[slot] = g;
        inFlight++;
    }

    /** The teardown has cancelled what it found. */
    synchronized void end() {
        if (--inFlight == 0) {
            settled = generation.get();
        }
    }

    /**
     * Whether this device's PASID was torn down (or was being torn down) after generation
     * {@code since}. When more teardowns happened since then than are kept, says yes: answering
     * INVALID at once is safe (the device asks again), waiting for the deadline is not.
     */
    boolean tornDownSince(long since, int requesterId, int pasid) {
        if (generation.get() == since) {
            return false;
        }
        long k = key(requesterId, pasid);
        synchronized (this) {
            long now = generation.get();
            if (now - since > KEPT) {
                return true;
            }
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
