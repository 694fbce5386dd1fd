package io.faultline.adapters.vtd;

import io.faultline.api.Reason;
import io.faultline.api.Stage;

/**
 * The VT-d fault reason table (FRCD.FR): legacy DMA remapping 0x00-0x0D, interrupt remapping
 * 0x20-0x26, scalable-mode DMA remapping 0x30-0x91. Names are the Linux strings byte for byte (a log
 * parser matches them). One {@link Reason} instance per code, built once, so decoding allocates none.
 */
public final class VtdReasons {
    private static final Reason[] REASONS = new Reason[256];
    private static final Stage[] STAGES = new Stage[256];

    static {
        // Legacy (root/context) DMA remapping.
        def(0x00, Stage.NONE, "Software"); // reserved value for advanced fault logging, not a translation fault
        def(0x01, Stage.CONTEXT, "Present bit in root entry is clear");
        def(0x02, Stage.CONTEXT, "Present bit in context entry is clear");
        def(0x03, Stage.CONTEXT, "Invalid context entry");
        def(0x04, Stage.PTE, "Access beyond MGAW");
        def(0x05, Stage.PTE, "PTE Write access is not set");
        def(0x06, Stage.PTE, "PTE Read access is not set");
        def(0x07, Stage.PGD, "Next page table ptr is invalid");
        def(0x08, Stage.CONTEXT, "Root table address invalid");
        def(0x09, Stage.CONTEXT, "Context table ptr is invalid");
        def(0x0A, Stage.CONTEXT, "non-zero reserved fields in RTP");
        def(0x0B, Stage.CONTEXT, "non-zero reserved fields in CTP");
        def(0x0C, Stage.PTE, "non-zero reserved fields in PTE");
        def(0x0D, Stage.CONTEXT, "PCE for translation request specifies blocking");
        // Interrupt remapping: no translation stage.
        def(0x20, Stage.NONE, "Detected reserved fields in the decoded interrupt-remapped request");
        def(0x21, Stage.NONE, "Interrupt index exceeded the interrupt-remapping table size");
        def(0x22, Stage.NONE, "Present field in the IRTE entry is clear");
        def(0x23, Stage.NONE, "Error accessing interrupt-remapping table pointed by IRTA_REG");
        def(0x24, Stage.NONE, "Detected reserved fields in the IRTE entry");
        def(0x25, Stage.NONE, "Blocked a compatibility format interrupt request");
        def(0x26, Stage.NONE, "Blocked an interrupt request due to source-id verification failure");
        // Scalable mode.
        def(0x30, Stage.CONTEXT, "SM: Invalid Root Table Address");
        def(0x31, Stage.CONTEXT, "SM: TTM 0 for request with PASID");
        def(0x32, Stage.CONTEXT, "SM: TTM 0 for page group request");
        def(0x38, Stage.CONTEXT, "SM: Error attempting to access Root Entry");
        def(0x39, Stage.CONTEXT, "SM: Present bit in Root Entry is clear");
        def(0x3A, Stage.CONTEXT, "SM: Non-zero reserved field set in Root Entry");
        def(0x40, Stage.CONTEXT, "SM: Error attempting to access Context Entry");
        def(0x41, Stage.CONTEXT, "SM: Present bit in Context Entry is clear");
        def(0x42, Stage.CONTEXT, "SM: Non-zero reserved field set in the Context Entry");
        def(0x43, Stage.CONTEXT, "SM: Invalid Context Entry");
        def(0x44, Stage.CONTEXT, "SM: DTE field in Context Entry is clear");
        def(0x45, Stage.CONTEXT, "SM: PASID Enable field in Context Entry is clear");
        def(0x46, Stage.CONTEXT, "SM: PASID is larger than the max in Context Entry");
        def(0x47, Stage.CONTEXT, "SM: PRE field in Context-Entry is clear");
        def(0x48, Stage.CONTEXT, "SM: RID_PASID field error in Context-Entry");
        def(0x50, Stage.PASID, "SM: Error attempting to access the PASID Directory Entry");
        def(0x51, Stage.PASID, "SM: Present bit in Directory Entry is clear");
        def(0x52, Stage.PASID, "SM: Non-zero reserved field set in PASID Directory Entry");
        def(0x58, Stage.PASID, "SM: Error attempting to access PASID Table Entry");
        def(0x59, Stage.PASID, "SM: Present bit in PASID Table Entry is clear");
        def(0x5A, Stage.PASID, "SM: Non-zero reserved field set in PASID Table Entry");
        def(0x5B, Stage.PASID, "SM: Invalid Scalable-Mode PASID Table Entry");
        def(0x5C, Stage.PASID, "SM: ERE field is clear in PASID Table Entry");
        def(0x5D, Stage.PASID, "SM: SRE field is clear in PASID Table Entry");
        // "Error attempting to access" a paging entry: the walk hit unreadable memory -> PGD.
        def(0x70, Stage.PGD, "SM: Error attempting to access first-level paging entry");
        def(0x71, Stage.PTE, "SM: Present bit in first-level paging entry is clear");
        def(0x72, Stage.PTE, "SM: Non-zero reserved field set in first-level paging entry");
        def(0x73, Stage.PGD, "SM: Error attempting to access FL-PML4 entry"); // QEMU: invalid FSPTPTR; PGD either way
        def(0x74, Stage.PTE, "SM: First-level entry address beyond MGAW in Nested translation");
        def(0x75, Stage.PTE, "SM: Read permission error in FL-PML4 entry in Nested translation");
        def(0x76, Stage.PTE, "SM: Read permission error in first-level paging entry in Nested translation");
        def(0x77, Stage.PTE, "SM: Write permission error in first-level paging entry in Nested translation");
        def(0x78, Stage.PGD, "SM: Error attempting to access second-level paging entry");
        def(0x79, Stage.PTE, "SM: Read/Write permission error in second-level paging entry");
        def(0x7A, Stage.PTE, "SM: Non-zero reserved field set in second-level paging entry");
        def(0x7B, Stage.PGD, "SM: Invalid second-level page table pointer");
        def(0x7C, Stage.PTE, "SM: A/D bit update needed in second-level entry when set up in no snoop");
        def(0x80, Stage.PTE, "SM: Address in first-level translation is not canonical");
        def(0x81, Stage.PTE, "SM: U/S set 0 for first-level translation with user privilege");
        def(0x82, Stage.PTE, "SM: No execute permission for request with PASID and ER=1");
        def(0x83, Stage.PTE, "SM: Address beyond the DMA hardware max");
        def(0x84, Stage.PTE, "SM: Second-level entry address beyond the max");
        def(0x85, Stage.PTE, "SM: No write permission for Write/AtomicOp request");
        def(0x86, Stage.PTE, "SM: No read permission for Read/AtomicOp request");
        def(0x87, Stage.PTE, "SM: Invalid address-interrupt address");
        def(0x90, Stage.PTE, "SM: A/D bit update needed in first-level entry when set up in no snoop");
        // Only QEMU emits 0x91 (FS_BIT_UPDATE_FAILED, first-stage A/D update failed); Linux's table ends
        // at 0x90 and prints "Unknown". The reference gives it no name; a Reason needs one, so it gets
        // Linux's word, which is also what a DMAR log line for it says.
        def(0x91, Stage.PTE, "Unknown");
    }

    private VtdReasons() {
    }

    private static void def(int code, Stage stage, String name) {
        REASONS[code] = Reason.of(code, name);
        STAGES[code] = stage;
    }

    /** Whether {@code code} (0-255) is a defined VT-d fault reason. */
    public static boolean isDefined(int code) {
        return code >= 0 && code < 256 && REASONS[code] != null;
    }

    /** The one {@link Reason} instance for a defined code, or null for an undefined one. */
    public static Reason reason(int code) {
        return code >= 0 && code < 256 ? REASONS[code] : null;
    }

    /** The stage of a defined code ({@link Stage#NONE} for code 0 and interrupt remapping), null if undefined. */
    public static Stage stage(int code) {
        return code >= 0 && code < 256 ? STAGES[code] : null;
    }

    /** Whether {@code code} is an interrupt-remapping reason: FI holds an interrupt index, not an address. */
    public static boolean isInterruptRemapping(int code) {
        return code >= 0x20 && code <= 0x2F;
    }
}
