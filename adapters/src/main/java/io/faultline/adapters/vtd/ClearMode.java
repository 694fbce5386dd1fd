package io.faultline.adapters.vtd;

/**
 * How a reader clears RW1C flags (FRCD.F, FSTS.PFO, PRS.PPR/PRO) in the register buffer it was given.
 */
public enum ClearMode {
    /**
     * The buffer is the unit's real register page (MMIO): write 1 to the flag, as Linux does
     * ({@code 0x80000000} to FRCD dword +12). On plain memory this clears nothing.
     */
    RW1C,
    /**
     * The buffer is plain (possibly shared, memory-mapped) memory written by a simulator: store the
     * word with the flag cleared and every other bit kept. The read-modify-write of FSTS/PRS can race a
     * producer setting another flag in the same word at the same moment.
     */
    MEMORY
}
