package io.faultline.adapters.virtio;

import io.faultline.api.Reason;
import io.faultline.api.Stage;

/**
 * Layout of {@code struct virtio_iommu_fault} (virtio spec, IOMMU device, "Fault reporting"; Linux
 * {@code virtio_iommu.h}): 24 bytes, every field little-endian. Shared by the decoder and the encoder
 * so that the two cannot drift apart.
 */
final class VirtioIommuFault {
    static final int SIZE = 24;

    static final int OFF_REASON = 0;
    static final int OFF_RESERVED = 1;
    static final int OFF_FLAGS = 4;
    static final int OFF_ENDPOINT = 8;
    static final int OFF_RESERVED1 = 12;
    static final int OFF_ADDRESS = 16;

    static final int REASON_UNKNOWN = 0;
    static final int REASON_DOMAIN = 1;
    static final int REASON_MAPPING = 2;

    static final int F_READ = 1;
    static final int F_WRITE = 1 << 1;
    /** Defined by the Linux header only, not by the virtio spec; decoded as exec (see the reference). */
    static final int F_EXEC = 1 << 2;
    static final int F_ADDRESS = 1 << 8;

    /** One instance per reason byte, so that decoding allocates nothing but the fault. */
    private static final Reason[] REASONS = new Reason[256];

    static {
        for (int code = 0; code < REASONS.length; code++) {
            // The spec: an undefined reason is to be treated as UNKNOWN; the raw code is kept.
            String name = code == REASON_DOMAIN ? "DOMAIN" : code == REASON_MAPPING ? "MAPPING" : "UNKNOWN";
            REASONS[code] = Reason.of(code, name);
        }
    }

    private VirtioIommuFault() {
    }

    /** The interned reason for a reason byte (0..255). */
    static Reason reason(int code) {
        return REASONS[code];
    }

    /** MAPPING: the leaf mapping is missing or lacks the permission; DOMAIN: no domain = no device entry. */
    static Stage stage(int reasonCode) {
        switch (reasonCode) {
            case REASON_MAPPING:
                return Stage.PTE;
            case REASON_DOMAIN:
                return Stage.CONTEXT;
            default:
                return Stage.NONE;
        }
    }

    /** The inverse of {@link #stage}: every stage that has no virtio reason becomes UNKNOWN. */
    static int reasonCode(Stage stage) {
        switch (stage) {
            case PTE:
                return REASON_MAPPING;
            case CONTEXT:
                return REASON_DOMAIN;
            default:
                return REASON_UNKNOWN;
        }
    }
}
