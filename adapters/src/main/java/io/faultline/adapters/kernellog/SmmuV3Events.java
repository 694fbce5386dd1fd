package io.faultline.adapters.kernellog;

import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;

/**
 * Seam to the SMMUv3 event-record decode (four dwords → fault) and event table. A complete dump goes
 * to the hardware adapter's decoder; a dump cut short is decoded here from the dwords it has, with
 * the fields of missing dwords left unknown.
 */
final class SmmuV3Events {
    private SmmuV3Events() {
    }

    private static final Reason[] REASONS = new Reason[256];

    static {
        String[][] names = {{"01", "F_UUT"}, {"02", "C_BAD_STREAMID"}, {"03", "F_STE_FETCH"}, {"04", "C_BAD_STE"},
            {"05", "F_BAD_ATS_TREQ"}, {"06", "F_STREAM_DISABLED"}, {"07", "F_TRANSL_FORBIDDEN"},
            {"08", "C_BAD_SUBSTREAMID"}, {"09", "F_CD_FETCH"}, {"0a", "C_BAD_CD"}, {"0b", "F_WALK_EABT"},
            {"10", "F_TRANSLATION"}, {"11", "F_ADDR_SIZE"}, {"12", "F_ACCESS"}, {"13", "F_PERMISSION"},
            {"20", "F_TLB_CONFLICT"}, {"21", "F_CFG_CONFLICT"}, {"24", "E_PAGE_REQUEST"}, {"25", "F_VMS_FETCH"}};
        for (String[] n : names) {
            REASONS[Integer.parseInt(n[0], 16)] = Reason.of(Integer.parseInt(n[0], 16), n[1]);
        }
        for (int i = 0; i < 256; i++) {
            if (REASONS[i] == null) {
                REASONS[i] = Reason.of(i, "UNKNOWN");
            }
        }
    }

    static Reason reason(int id) {
        return REASONS[id & 0xff];
    }

    /** The event id for a name as Linux 6.15 prints it, or -1. */
    static int id(String name) {
        for (int i = 0; i < 256; i++) {
            if (REASONS[i].name().equals(name) && !"UNKNOWN".equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean carriesAccess(int id) {
        return id == 0x01 || id == 0x0b || (id >= 0x10 && id <= 0x13);
    }

    private static boolean carriesAddress(int id) {
        return id == 0x01 || id == 0x05 || id == 0x07 || id == 0x0b || (id >= 0x10 && id <= 0x13) || id == 0x20
                || id == 0x24;
    }

    /** Stage from id; {@code cls}/{@code s2} matter for 0x0B and 0x10–0x13 (null when dword1 is missing). */
    static Stage stage(int id, Integer cls, boolean s2) {
        switch (id) {
            case 0x02, 0x03, 0x04, 0x06, 0x07:
                return Stage.CONTEXT;
            case 0x08, 0x09, 0x0a:
                return Stage.PASID;
            case 0x0b, 0x10, 0x11, 0x12, 0x13:
                if (cls == null) {
                    return Stage.NONE;
                }
                return cls == 0 && s2 ? Stage.PASID : Stage.PTE;
            default:
                return Stage.NONE;
        }
    }

    /**
     * Decodes the first {@code count} dwords of an event record (count 0 = only the header's id).
     *
     * @throws LineFormatException when dword0 has reserved bits set or disagrees with the header id
     */
    static Fault decode(int headerId, long[] w, int count) throws LineFormatException {
        int id = headerId;
        if (count >= 1) {
            id = (int) (w[0] & 0xff);
            if (headerId >= 0 && id != headerId) {
                throw new LineFormatException("SMMUv3: header says event 0x" + Integer.toHexString(headerId)
                        + " but dword0 holds EventID 0x" + Integer.toHexString(id));
            }
            if ((w[0] & 0x700) != 0) {
                throw new LineFormatException("SMMUv3: dword0 reserved bits [10:8] set: 0x"
                        + Long.toHexString(w[0]));
            }
        }
        boolean stall = false;
        int stag = 0;
        Integer cls = null;
        boolean s2 = false;
        Access access = Access.UNKNOWN;
        if (count >= 2) {
            long d1 = w[1];
            cls = (int) ((d1 >>> 40) & 3);
            s2 = ((d1 >>> 39) & 1) != 0;
            if (carriesAccess(id) || id == 0x07) {
                boolean read = ((d1 >>> 35) & 1) != 0;
                boolean full = id != 0x07;
                access = Access.of(read, !read, full && ((d1 >>> 34) & 1) != 0, full && ((d1 >>> 33) & 1) != 0);
            }
            if (id == 0x0b || (id >= 0x10 && id <= 0x13)) {
                stall = ((d1 >>> 31) & 1) != 0;
                stag = (int) (d1 & 0xffff);
            }
        }
        Fault.Builder<?, ?> b;
        if (stall) {
            b = PageRequest.builder(Family.ARM_SMMU_V3).groupIndex(stag).lastInGroup(true);
        } else {
            b = UnrecoverableFault.builder(Family.ARM_SMMU_V3);
        }
        if (count >= 1) {
            b.requesterId((int) (w[0] >>> 32));
            if (((w[0] >>> 11) & 1) != 0) {
                b.pasid((int) ((w[0] >>> 12) & 0xfffff));
            }
        }
        if (count >= 3 && carriesAddress(id)) {
            b.address(w[2]);
        }
        return b.access(access).stage(stage(id, cls, s2)).reason(reason(id)).build();
    }
}
