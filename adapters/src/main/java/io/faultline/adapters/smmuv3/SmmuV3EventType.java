package io.faultline.adapters.smmuv3;

import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.CLASS;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.FETCH_ADDR;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.IND;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.INPUT_ADDR;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.IPA;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.PNU;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.RNW;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.S2;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.STAG;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.STALL;
import static io.faultline.adapters.smmuv3.SmmuV3EventType.Field.TT_RNW;

import io.faultline.api.Reason;
import io.faultline.api.Stage;

/**
 * The SMMUv3 event table (reference {@code arm-smmu.md} §1.3 and §2.3): every event id Faultline
 * accepts, its name, which per-event fields it carries and its translation stage. The enum constant
 * names are the architecture's event names, so {@link #name()} is the reason name.
 *
 * <p>Public so that other SMMUv3 sources (the kernel-log parser decoding {@code event 0x10 received:}
 * dumps) use the same table as the queue decoder; see {@link SmmuV3Event} and
 * {@link SmmuV3EventDecoder#decode(long, long, long, long)}.
 */
public enum SmmuV3EventType {
    F_UUT(0x01, StageRule.NONE, INPUT_ADDR, RNW, IND, PNU),
    C_BAD_STREAMID(0x02, StageRule.CONTEXT),
    F_STE_FETCH(0x03, StageRule.CONTEXT, FETCH_ADDR),
    C_BAD_STE(0x04, StageRule.CONTEXT),
    /** The ATS request's own permission bits are spec-only and not decoded. */
    F_BAD_ATS_TREQ(0x05, StageRule.NONE, INPUT_ADDR),
    F_STREAM_DISABLED(0x06, StageRule.CONTEXT),
    /** Carries RnW but not InD/PnU (QEMU writes exactly address and RnW). */
    F_TRANSL_FORBIDDEN(0x07, StageRule.CONTEXT, INPUT_ADDR, RNW),
    C_BAD_SUBSTREAMID(0x08, StageRule.PASID),
    /** FetchAddr in dword3 as Linux reads it; QEMU writes it to dword2 (a QEMU quirk, not followed). */
    F_CD_FETCH(0x09, StageRule.PASID, FETCH_ADDR),
    C_BAD_CD(0x0A, StageRule.PASID),
    F_WALK_EABT(0x0B, StageRule.WALK, STAG, STALL, PNU, IND, RNW, S2, CLASS, INPUT_ADDR, FETCH_ADDR),
    F_TRANSLATION(0x10, StageRule.WALK, STAG, STALL, PNU, IND, RNW, S2, CLASS, INPUT_ADDR, IPA),
    F_ADDR_SIZE(0x11, StageRule.WALK, STAG, STALL, PNU, IND, RNW, S2, CLASS, INPUT_ADDR, IPA),
    F_ACCESS(0x12, StageRule.WALK, STAG, STALL, PNU, IND, RNW, S2, CLASS, INPUT_ADDR, IPA),
    F_PERMISSION(0x13, StageRule.WALK, STAG, STALL, PNU, IND, RNW, S2, CLASS, TT_RNW, INPUT_ADDR, IPA),
    /** S2 and InputAddr are spec-only here (neither Linux nor QEMU records this event). */
    F_TLB_CONFLICT(0x20, StageRule.NONE, S2, INPUT_ADDR),
    F_CFG_CONFLICT(0x21, StageRule.NONE),
    /** A hint, not a failed translation: never answered. InputAddr is spec-only. */
    E_PAGE_REQUEST(0x24, StageRule.NONE, INPUT_ADDR),
    F_VMS_FETCH(0x25, StageRule.NONE, FETCH_ADDR);

    /**
     * Per-event fields of the record (§1.2); the common fields (EventID, SSV, SubstreamID, StreamID)
     * are in every record. Masks are in place within their dword.
     */
    public enum Field {
        /** Stall tag, dword1 [15:0]. */
        STAG(1, 15, 0),
        /** dword1 [31]: the transaction is held until CMD_RESUME. */
        STALL(1, 31, 31),
        /** dword1 [33]: privileged. */
        PNU(1, 33, 33),
        /** dword1 [34]: instruction fetch. */
        IND(1, 34, 34),
        /** dword1 [35]: 1 = read, 0 = write. */
        RNW(1, 35, 35),
        /** dword1 [39]: the fault happened at stage 2. */
        S2(1, 39, 39),
        /** dword1 [41:40]: 0 CD, 1 TT, 2 IN, 3 reserved. */
        CLASS(1, 41, 40),
        /** dword1 [44]: F_PERMISSION with CLASS=TT, the descriptor access was a read. */
        TT_RNW(1, 44, 44),
        /** dword2: the address the device used. */
        INPUT_ADDR(2, 63, 0),
        /** dword3 [51:12]: stage-2 IPA (never the fault address). */
        IPA(3, 51, 12),
        /** dword3 [51:3]: address of the structure whose fetch failed (never the fault address). */
        FETCH_ADDR(3, 51, 3);

        private final int dword;
        private final long mask;

        Field(int dword, int hi, int lo) {
            this.dword = dword;
            this.mask = Dwords.field(hi, lo);
        }

        /** Which 64-bit word of the record holds the field (0..3). */
        public int dword() {
            return dword;
        }

        /** The field's bits, in place within {@link #dword()}. */
        public long mask() {
            return mask;
        }

        int bit() {
            return 1 << ordinal();
        }
    }

    /** How an event's stage is found (§2.3). */
    enum StageRule {
        CONTEXT, PASID, NONE,
        /** PTE, except CLASS=CD with S2=1 (stage 2 failed fetching the context descriptor): PASID. */
        WALK
    }

    private static final SmmuV3EventType[] BY_ID = new SmmuV3EventType[256];

    static {
        for (SmmuV3EventType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final StageRule stageRule;
    private final int fields;
    private final Reason reason;

    SmmuV3EventType(int id, StageRule stageRule, Field... carried) {
        this.id = id;
        this.stageRule = stageRule;
        int f = 0;
        for (Field c : carried) {
            f |= c.bit();
        }
        this.fields = f;
        this.reason = Reason.of(id, name());
    }

    /** The event with this id, or null when the id is not one of the table's. */
    public static SmmuV3EventType ofId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** The event whose {@link #reason()} is {@code reason} (same code and name), or null. */
    public static SmmuV3EventType ofReason(Reason reason) {
        SmmuV3EventType t = reason.hasCode() ? ofId(reason.code()) : null;
        return t != null && t.reason.equals(reason) ? t : null;
    }

    /** The EventID, dword0 [7:0]. */
    public int id() {
        return id;
    }

    /** The one {@link Reason} instance for this event: code = EventID, name = the event's name. */
    public Reason reason() {
        return reason;
    }

    /** Whether records of this event carry {@code field}; the record's bits there mean nothing otherwise. */
    public boolean carries(Field field) {
        return (fields & field.bit()) != 0;
    }

    /** Whether the Stall bit, and so a CMD_RESUME answer, exists for this event. */
    public boolean canStall() {
        return carries(STALL);
    }

    /**
     * The stage of a record of this event (§2.3). For events whose stage depends on CLASS and S2,
     * pass them; pass {@code eventClass = -1} when they are unknown (a truncated log dump), which
     * gives {@link Stage#NONE} rather than a guess.
     */
    public Stage stage(boolean s2, int eventClass) {
        switch (stageRule) {
            case CONTEXT:
                return Stage.CONTEXT;
            case PASID:
                return Stage.PASID;
            case WALK:
                if (eventClass < 0) {
                    return Stage.NONE;
                }
                return eventClass == 0 && s2 ? Stage.PASID : Stage.PTE;
            default:
                return Stage.NONE;
        }
    }

    int fieldBits() {
        return fields;
    }
}
