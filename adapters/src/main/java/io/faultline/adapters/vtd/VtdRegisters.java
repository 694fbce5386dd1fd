package io.faultline.adapters.vtd;

/** Register offsets from the VT-d unit's register base, and fields readers need. */
final class VtdRegisters {
    static final int CAP = 0x08;
    static final int FSTS = 0x34;
    static final int IQH = 0x80;
    static final int IQT = 0x88;
    static final int IQA = 0x90;
    static final int PQH = 0xC0;
    static final int PQT = 0xC8;
    static final int PQA = 0xD0;
    static final int PRS = 0xDC;

    /** PRS bit 0: pending page request (RW1C). */
    static final int PRS_PPR = 1;
    /** PRS bit 1: page request overflow (RW1C). */
    static final int PRS_PRO = 2;
    /** IQA bit 11: 256-bit descriptors. */
    static final long IQA_DW = 1L << 11;

    private VtdRegisters() {
    }

    /** CAP.NFR (bits 47:40) is the count minus one. */
    static int faultRecordCount(long cap) {
        return (int) (cap >>> 40 & 0xFF) + 1;
    }

    /** CAP.FRO (bits 33:24) is in units of 16 bytes. */
    static int faultRecordOffset(long cap) {
        return (int) (cap >>> 24 & 0x3FF) * 16;
    }

    /** PQA/IQA bits 2:0: the queue is 2^size 4 KiB pages. */
    static int queueBytes(long qa) {
        return 4096 << (int) (qa & 7);
    }
}
