package io.faultline.adapters.vtd;

/** Which page group response descriptor a {@link VtdResponseSink} writes. */
public enum VtdResponseFormat {
    /** 256-bit, VT-d 4.x and Linux 6.18: no private data, LPIG 0 (reserved; hardware ignores it). */
    VTD4(VtdPageGroupResponse.SIZE),
    /** 256-bit, VT-d 3.x: LPIG copied, private data (PDP, QW2/QW3) echoed from the request. */
    VTD3(VtdPageGroupResponse.SIZE),
    /** 128-bit, VT-d 2.x: RC in QW1 bits 3:0, 23 bits of private data echoed. */
    VTD2(VtdLegacyPageGroupResponse.SIZE);

    private final int descriptorBytes;

    VtdResponseFormat(int descriptorBytes) {
        this.descriptorBytes = descriptorBytes;
    }

    /** Bytes per descriptor in the invalidation queue. */
    public int descriptorBytes() {
        return descriptorBytes;
    }
}
