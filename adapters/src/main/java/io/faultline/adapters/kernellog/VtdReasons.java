package io.faultline.adapters.kernellog;

import io.faultline.api.Reason;
import io.faultline.api.Stage;

/**
 * Seam to the VT-d fault-reason table (code → Linux string, stage). The log parser asks only this
 * class; it delegates to the hardware adapter's table.
 */
final class VtdReasons {
    private VtdReasons() {
    }

    private static final Reason[] REASONS = new Reason[256];
    private static final Stage[] STAGES = new Stage[256];

    static {
        String[] legacy = {"Software", "Present bit in root entry is clear", "Present bit in context entry is clear",
            "Invalid context entry", "Access beyond MGAW", "PTE Write access is not set", "PTE Read access is not set",
            "Next page table ptr is invalid", "Root table address invalid", "Context table ptr is invalid",
            "non-zero reserved fields in RTP", "non-zero reserved fields in CTP", "non-zero reserved fields in PTE",
            "PCE for translation request specifies blocking"};
        Stage[] legacyStage = {Stage.NONE, Stage.CONTEXT, Stage.CONTEXT, Stage.CONTEXT, Stage.PTE, Stage.PTE,
            Stage.PTE, Stage.PGD, Stage.CONTEXT, Stage.CONTEXT, Stage.CONTEXT, Stage.CONTEXT, Stage.PTE,
            Stage.CONTEXT};
        for (int i = 0; i < legacy.length; i++) {
            put(i, legacy[i], legacyStage[i]);
        }
        String[] ir = {"Detected reserved fields in the decoded interrupt-remapped request",
            "Interrupt index exceeded the interrupt-remapping table size", "Present field in the IRTE entry is clear",
            "Error accessing interrupt-remapping table pointed by IRTA_REG", "Detected reserved fields in the IRTE entry",
            "Blocked a compatibility format interrupt request",
            "Blocked an interrupt request due to source-id verification failure"};
        for (int i = 0; i < ir.length; i++) {
            put(0x20 + i, ir[i], Stage.NONE);
        }
        Object[][] sm = {
            {0x30, "SM: Invalid Root Table Address", Stage.CONTEXT}, {0x31, "SM: TTM 0 for request with PASID", Stage.CONTEXT},
            {0x32, "SM: TTM 0 for page group request", Stage.CONTEXT},
            {0x38, "SM: Error attempting to access Root Entry", Stage.CONTEXT},
            {0x39, "SM: Present bit in Root Entry is clear", Stage.CONTEXT},
            {0x3A, "SM: Non-zero reserved field set in Root Entry", Stage.CONTEXT},
            {0x40, "SM: Error attempting to access Context Entry", Stage.CONTEXT},
            {0x41, "SM: Present bit in Context Entry is clear", Stage.CONTEXT},
            {0x42, "SM: Non-zero reserved field set in the Context Entry", Stage.CONTEXT},
            {0x43, "SM: Invalid Context Entry", Stage.CONTEXT}, {0x44, "SM: DTE field in Context Entry is clear", Stage.CONTEXT},
            {0x45, "SM: PASID Enable field in Context Entry is clear", Stage.CONTEXT},
            {0x46, "SM: PASID is larger than the max in Context Entry", Stage.CONTEXT},
            {0x47, "SM: PRE field in Context-Entry is clear", Stage.CONTEXT},
            {0x48, "SM: RID_PASID field error in Context-Entry", Stage.CONTEXT},
            {0x50, "SM: Error attempting to access the PASID Directory Entry", Stage.PASID},
            {0x51, "SM: Present bit in Directory Entry is clear", Stage.PASID},
            {0x52, "SM: Non-zero reserved field set in PASID Directory Entry", Stage.PASID},
            {0x58, "SM: Error attempting to access PASID Table Entry", Stage.PASID},
            {0x59, "SM: Present bit in PASID Table Entry is clear", Stage.PASID},
            {0x5A, "SM: Non-zero reserved field set in PASID Table Entry", Stage.PASID},
            {0x5B, "SM: Invalid Scalable-Mode PASID Table Entry", Stage.PASID},
            {0x5C, "SM: ERE field is clear in PASID Table Entry", Stage.PASID},
            {0x5D, "SM: SRE field is clear in PASID Table Entry", Stage.PASID},
            {0x70, "SM: Error attempting to access first-level paging entry", Stage.PGD},
            {0x71, "SM: Present bit in first-level paging entry is clear", Stage.PTE},
            {0x72, "SM: Non-zero reserved field set in first-level paging entry", Stage.PTE},
            {0x73, "SM: Error attempting to access FL-PML4 entry", Stage.PGD},
            {0x74, "SM: First-level entry address beyond MGAW in Nested translation", Stage.PTE},
            {0x75, "SM: Read permission error in FL-PML4 entry in Nested translation", Stage.PTE},
            {0x76, "SM: Read permission error in first-level paging entry in Nested translation", Stage.PTE},
            {0x77, "SM: Write permission error in first-level paging entry in Nested translation", Stage.PTE},
            {0x78, "SM: Error attempting to access second-level paging entry", Stage.PGD},
            {0x79, "SM: Read/Write permission error in second-level paging entry", Stage.PTE},
            {0x7A, "SM: Non-zero reserved field set in second-level paging entry", Stage.PTE},
            {0x7B, "SM: Invalid second-level page table pointer", Stage.PGD},
            {0x7C, "SM: A/D bit update needed in second-level entry when set up in no snoop", Stage.PTE},
            {0x80, "SM: Address in first-level translation is not canonical", Stage.PTE},
            {0x81, "SM: U/S set 0 for first-level translation with user privilege", Stage.PTE},
            {0x82, "SM: No execute permission for request with PASID and ER=1", Stage.PTE},
            {0x83, "SM: Address beyond the DMA hardware max", Stage.PTE},
            {0x84, "SM: Second-level entry address beyond the max", Stage.PTE},
            {0x85, "SM: No write permission for Write/AtomicOp request", Stage.PTE},
            {0x86, "SM: No read permission for Read/AtomicOp request", Stage.PTE},
            {0x87, "SM: Invalid address-interrupt address", Stage.PTE},
            {0x90, "SM: A/D bit update needed in first-level entry when set up in no snoop", Stage.PTE}};
        for (Object[] r : sm) {
            put((Integer) r[0], (String) r[1], (Stage) r[2]);
        }
        for (int i = 0; i < 256; i++) {
            if (REASONS[i] == null) {
                REASONS[i] = Reason.of(i, "Unknown");
                STAGES[i] = Stage.NONE;
            }
        }
    }

    private static void put(int code, String name, Stage stage) {
        REASONS[code] = Reason.of(code, name);
        STAGES[code] = stage;
    }

    /** The reason for a code 0..255 (undefined codes are named {@code Unknown}, as Linux prints them). */
    static Reason reason(int code) {
        return REASONS[code & 0xff];
    }

    /** The stage of a code 0..255; NONE for interrupt-remapping and undefined codes. */
    static Stage stage(int code) {
        return STAGES[code & 0xff];
    }
}
