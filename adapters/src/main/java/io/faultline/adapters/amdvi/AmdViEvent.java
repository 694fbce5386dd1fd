package io.faultline.adapters.amdvi;

import io.faultline.api.Access;
import io.faultline.api.Reason;
import io.faultline.api.Stage;

/**
 * The AMD-Vi event codes (DW1[31:28] of an event log entry), with what each one means for the
 * Faultline model: its {@link Reason}, its {@link Stage}, whether it names a device, where its PASID
 * is and whether its flags say anything about the access.
 *
 * <p>Public so that a kernel-log parser maps {@code Event logged [IO_PAGE_FAULT ... flags=0x0070]}
 * through the same table as the binary decoder:
 * <pre>{@code
 * AmdViEvent e = AmdViEvent.ofName("IO_PAGE_FAULT");
 * Access a = e.access(0x0070);     // write
 * boolean pasid = e.hasPasid(0x0070); // false: GN is clear
 * Stage s = e.stage();             // PTE
 * }</pre>
 * The constant names are the Linux print names. Codes 0x0 (entry not written yet), 0xB, 0xC and 0xF
 * are not events.
 */
public enum AmdViEvent {
    /** 0x1: the device table entry is invalid; AMD's context entry. */
    ILLEGAL_DEV_TABLE_ENTRY(0x1, Stage.CONTEXT, true, Pasid.EVENT, true),
    /** 0x2: the page walk failed: not present, permission, reserved bit. */
    IO_PAGE_FAULT(0x2, Stage.PTE, true, Pasid.EVENT, true),
    /** 0x3: the device table entry could not be fetched. */
    DEV_TAB_HARDWARE_ERROR(0x3, Stage.CONTEXT, true, Pasid.NONE, false),
    /** 0x4: a page-table entry could not be fetched; no level is reported, classed like a walk abort. */
    PAGE_TAB_HARDWARE_ERROR(0x4, Stage.PGD, true, Pasid.EVENT, true),
    /** 0x5: a bad command in the command buffer; no device. */
    ILLEGAL_COMMAND_ERROR(0x5, Stage.NONE, false, Pasid.NONE, false),
    /** 0x6: the IOMMU could not fetch a command or write a completion store; no device. */
    COMMAND_HARDWARE_ERROR(0x6, Stage.NONE, false, Pasid.NONE, false),
    /** 0x7: an IOTLB invalidation timed out. */
    IOTLB_INV_TIMEOUT(0x7, Stage.NONE, true, Pasid.NONE, false),
    /** 0x8: a request the IOMMU refused; its flags do not give the access reliably. */
    INVALID_DEVICE_REQUEST(0x8, Stage.NONE, true, Pasid.EVENT, false),
    /** 0x9: a page request the IOMMU refused; PASID split and flags as in the PPR log. */
    INVALID_PPR_REQUEST(0x9, Stage.NONE, true, Pasid.PPR, false),
    /** 0xA: a performance counter reached zero; only the code is decoded. */
    EVENT_COUNTER_ZERO(0xA, Stage.NONE, false, Pasid.NONE, false),
    /** 0xD: SEV-SNP reverse-map table check failed; address is a guest physical address. */
    RMP_PAGE_FAULT(0xD, Stage.NONE, true, Pasid.NONE, false),
    /** 0xE: SEV-SNP reverse-map table could not be read; address bits 2:0 are not address. */
    RMP_HW_ERROR(0xE, Stage.NONE, true, Pasid.NONE, false);

    /** Where an event keeps its PASID. */
    enum Pasid {
        NONE, EVENT, PPR
    }

    private static final AmdViEvent[] BY_CODE = new AmdViEvent[16];

    static {
        for (AmdViEvent e : values()) {
            BY_CODE[e.code] = e;
        }
    }

    private final int code;
    private final Stage stage;
    private final boolean hasDeviceId;
    private final Pasid pasid;
    private final boolean flagsGiveAccess;
    private final Reason reason;
    /** The flag that says the PASID fields hold a PASID (0: never): the decoder's hot path reads no switch map. */
    private final int gnMask;

    AmdViEvent(int code, Stage stage, boolean hasDeviceId, Pasid pasid, boolean flagsGiveAccess) {
        this.code = code;
        this.stage = stage;
        this.hasDeviceId = hasDeviceId;
        this.pasid = pasid;
        this.flagsGiveAccess = flagsGiveAccess;
        this.reason = Reason.of(code, name());
        this.gnMask = switch (pasid) {
            case EVENT -> AmdViFlags.GN;
            case PPR -> PprFlags.GN;
            case NONE -> 0;
        };
    }

    /** The 4-bit EventCode. */
    public int code() {
        return code;
    }

    /** The one {@link Reason} instance for this code: the code and its Linux name. */
    public Reason reason() {
        return reason;
    }

    /** The translation stage at fault, or {@link Stage#NONE} when no translation structure is. */
    public Stage stage() {
        return stage;
    }

    /** Whether DW0[15:0] is the requester (device) id. */
    public boolean hasDeviceId() {
        return hasDeviceId;
    }

    /**
     * The access this event's {@code flags} describe: {@link AmdViFlags#access(int)} for the events
     * with the common flag layout (0x1, 0x2, 0x4), {@link Access#UNKNOWN} for every other event.
     */
    public Access access(int flags) {
        AmdViFlags.check(flags);
        return flagsGiveAccess ? AmdViFlags.access(flags) : Access.UNKNOWN;
    }

    /**
     * Whether an entry of this event with these {@code flags} carries a valid PASID: GN (0x001) for
     * 0x1, 0x2, 0x4, 0x8; the PPR-style GN (0x100) for INVALID_PPR_REQUEST; never for the others.
     */
    public boolean hasPasid(int flags) {
        AmdViFlags.check(flags);
        return (flags & gnMask) != 0;
    }

    /**
     * The flag bits an entry of this event must have clear, or it is rejected: the Type field
     * (flags[11:9], {@link AmdViFlags#TYPE_MASK}) for IO_PAGE_FAULT, where it is reserved; none for the
     * other events (Type is their error type, e.g. INVALID_DEVICE_REQUEST {@code flags=0x0a00}, and
     * their other reserved bits are ignored). The event-log decoder and the kernel-log reader both
     * check this.
     */
    public int reservedFlags() {
        return this == IO_PAGE_FAULT ? AmdViFlags.TYPE_MASK : 0;
    }

    /** The PASID of an entry, or -1 when it has none. */
    int pasid(int dw0, int dw1, int flags) {
        if (!hasPasid(flags)) {
            return -1;
        }
        return pasid == Pasid.PPR ? PprFlags.pasid(dw0, dw1) : (dw0 & 0xf0000) | (dw1 & 0xffff);
    }

    /** The event with this EventCode, or null for 0x0, 0xB, 0xC, 0xF and anything outside 0..15. */
    public static AmdViEvent ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The event with this Linux print name (e.g. {@code IO_PAGE_FAULT}), or null if there is none. */
    public static AmdViEvent ofName(String name) {
        for (AmdViEvent e : values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
