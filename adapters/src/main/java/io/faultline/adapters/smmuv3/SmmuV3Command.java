package io.faultline.adapters.smmuv3;

import io.faultline.api.PageResponse;

/**
 * A decoded SMMUv3 command-queue entry, as {@link SmmuV3Commands#decode} reads it back: what a
 * simulated SMMU (or a test) sees of the responses Faultline writes.
 */
public sealed interface SmmuV3Command permits SmmuV3Command.Resume, SmmuV3Command.PriResp, SmmuV3Command.Sync {

    /** The opcode, dword0 [7:0]. */
    int opcode();

    /**
     * CMD_RESUME (0x44): {@code ac} = retry the stalled transaction, {@code ab} = terminate it with an
     * abort reported to the device; neither = terminate silently. Never both.
     */
    record Resume(int streamId, int stag, boolean ac, boolean ab) implements SmmuV3Command {
        @Override
        public int opcode() {
            return SmmuV3Commands.CMD_RESUME;
        }
    }

    /**
     * CMD_PRI_RESP (0x41). {@code resp}: 0 Deny, 1 Fail, 2 Success.
     *
     * @param substreamId meaningful when {@code ssv}
     */
    record PriResp(int streamId, boolean ssv, int substreamId, int prgIndex, int resp) implements SmmuV3Command {
        @Override
        public int opcode() {
            return SmmuV3Commands.CMD_PRI_RESP;
        }

        /** The model response this Resp code stands for (0 → INVALID, 1 → FAILURE, 2 → SUCCESS). */
        public PageResponse response() {
            return SmmuV3Commands.priResponse(resp);
        }
    }

    /** CMD_SYNC (0x46): CS 0 none / 1 IRQ / 2 SEV, MSH, MSIAttr, MSIData, MSIAddr (in place, bits [1:0] zero). */
    record Sync(int cs, int msh, int msiAttr, int msiData, long msiAddr) implements SmmuV3Command {
        @Override
        public int opcode() {
            return SmmuV3Commands.CMD_SYNC;
        }
    }
}
