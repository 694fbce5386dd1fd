package io.faultline.benchmarks;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.amdvi.AmdViEventDecoder;
import io.faultline.adapters.armsmmu.ArmSmmuFaultDecoder;
import io.faultline.adapters.iommufd.IommufdPageFaultDecoder;
import io.faultline.adapters.smmuv3.SmmuV3EventDecoder;
import io.faultline.adapters.virtio.VirtioIommuFaultDecoder;
import io.faultline.adapters.vtd.VtdFaultRecord;
import io.faultline.api.Fault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One hardware record format per constant, with valid records copied verbatim (the {@code hex}
 * field) from {@code adapters/src/test/resources/vectors/*.json}: the benchmarks jar does not carry
 * test resources. Each constant decodes through the adapter's public decoder.
 */
enum WireFormat {
    /** arm-smmu-v3.json, kind fault: 32-byte event queue records. */
    SMMUV3(32,
            "1000000080010000000000000102000040e0ffff0000000000e0ffff00000000", // evt-published-5.3-rc1-f-translation
            "0178000042000000000000000a00000000100080000000000000000000000000", // evt-f-uut-read-priv
            "1048230101000000000000000802000000b0adde000000000000000000000000", // evt-f-translation-ssv-read
            "1098000002000000000000008800000000400000000000000000004008000000", // evt-f-translation-s2-cd
            "1300000006000000000000008002000078563412000000000050341208000000", // evt-f-permission-write
            "0400000020000000000000000000000000000000000000000000000000000000", // evt-c-bad-ste
            "0b1800005000000000000000840100000020001000000000f80f000009000000", // evt-f-walk-eabt-tt
            "11000000040000000000000000020000000000000000ffff0000000000000000") { // evt-f-addr-size-in
        @Override
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
            return SmmuV3EventDecoder.decode(buf, offset);
        }
    },
    /** intel-vtd.json, kind fault: 128-bit fault recording registers (FRCD). */
    VTD(16,
            "00f0ff7f00000000013b000005000080", // frcd-legacy-05-write-nopasid
            "00e0ffff0000000010000000060000c0", // frcd-legacy-06-read
            "001000000000000000030000020000c0", // frcd-legacy-02-context-not-present
            "0050341200000000210000000c0000c0", // frcd-legacy-0c-reserved-pte
            "00006034120000000020008071010080", // frcd-sm-71-fl-not-present-pasid
            "0000400000000000080000a05d4523c1", // frcd-sm-5d-priv-pasid
            "0000010000000000000a00807b220080", // frcd-sm-7b-pgd
            "00d068c9817f0000107a0080710200c0") { // log-5x-decimal-113
        @Override
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
            return VtdFaultRecord.decode(buf, offset);
        }
    },
    /** amd-vi.json, kind fault: 128-bit event log entries. */
    AMDVI(16,
            "99000000000050200052b51a04000000", // iopf-read-perm-published
            "000100000d0070205095f4cf00000000", // iopf-write-perm-published
            "01020000030034200050341200000000", // iopf-user-write
            "02410500a3a5352000705634127f0000", // iopf-gn-pasid-split
            "0341000009005320000010000080ffff", // iopf-gn-supervisor-exec
            "01060000090052200010040000000000", // iopf-nx-without-gn
            "a0000000000020100000f8fd00000000", // ill-dev-table-entry
            "0210020010000142f80f000003000000") { // page-tab-hw-error-gn
        @Override
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
            return AmdViEventDecoder.decode(buf, offset);
        }
    },
    /** arm-smmu.json, kind fault: 28-byte context-bank register captures (arm-smmu v1/v2). */
    ARMSMMU(28,
            "000000000204000020007c000000001000000000000c000004000000", // cb-fsr402-fsynr7c0020
            "000000000204000013006f000010feff000000002100000002000000", // cb-fsynr6f0013-write
            "000000000204000003006f000020feff000000002100000002000000", // cb-fsynr6f0003-read
            "00000000020400000300300000000000000000008008000001000000", // cb-fsynr300003
            "000000000804000070000000005034120080ffff0300000000000000", // cb-permission-exec
            "00000000040400001208000000400000000000000700000003000000", // cb-accessflag
            "00000000100400001000000000700000000000000800000003000000", // cb-ef-no-ptwf
            "00000000000500000000000000800000000000000900000000000000") { // cb-uut
        @Override
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
            return ArmSmmuFaultDecoder.decode(buf, offset);
        }
    },
    /** virtio-iommu.json, kind fault: 24-byte struct virtio_iommu_fault. */
    VIRTIO(24,
            "0200000001010000080000000000000000f0ffff00000000", // mapping-read-addr
            "020000000201000008000000000000000010000000000000", // mapping-write-addr
            "0200000003010000100000000000000000f0ff7f00000000", // mapping-rw-addr
            "020000000401000018000000000000000000004000000000", // mapping-exec-addr
            "0100000000010000000100000000000000f0ff7f00000000", // domain-addr
            "000000000001000034120000000000000020000000000000", // unknown-addr
            "0100000000010000ffffffff000000000000010000000000") { // endpoint-max
        @Override
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
            return VirtioIommuFaultDecoder.decode(buf, offset, 24);
        }
    },
    /**
     * iommufd.json, kind page-request: 40-byte struct iommu_hwpt_pgfault. Only last-in-group
     * records, so each one routes as a complete group and gets its one response.
     */
    IOMMUFD(40,
            "02000000010000000000000000000000010000000000000000100000007f00000000000001000000", // pr-nopasid-read-last
            "0300000002000000010000000500000002000000000000000050fd7f000000000000000002000000", // pr-pasid-write-last
            "03000000030000001000000006000000050000000000000000004000000000000000000003000000", // pr-pasid-read-exec
            "0300000004000000ffff0f00ff0100000f0000000000000000200000000000000000000005000000", // pr-all-perms
            "02000000040000000000000008000000000000000000000000300000000000000000000006000000", // pr-no-perm
            "030000000900000001000000efbe0000010000000000000078563412ff7f0000000000000b000000", // pr-smmu-stall-16bit-grpid
            "030000000200000001000000020000000300000000000000afbeadde000000000000000001000000") { // selftest-trigger-iopf
        @Override
        Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException {
            return IommufdPageFaultDecoder.decode(buf, offset);
        }
    };

    final int recordBytes;
    /** Bytes from one record to the next: the record rounded up to whole 64-bit words (28 -> 32). */
    final int stride;
    private final String[] hex;

    WireFormat(int recordBytes, String... hex) {
        this.recordBytes = recordBytes;
        this.stride = (recordBytes + Long.BYTES - 1) & -Long.BYTES;
        this.hex = hex;
    }

    abstract Fault decode(ByteBuffer buf, int offset) throws MalformedRecordException;

    /**
     * A little-endian buffer of {@code records} records, cycling through the vectors; each is
     * decoded once here so a benchmark never measures the error path.
     */
    ByteBuffer ring(int records) {
        ByteBuffer buf = ByteBuffer.allocate(records * stride).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < records; i++) {
            byte[] rec = Hex.bytes(hex[i % hex.length]);
            if (rec.length != recordBytes) {
                throw new IllegalStateException(this + ": vector " + (i % hex.length) + " is " + rec.length + " bytes");
            }
            buf.put(i * stride, rec);
        }
        for (int i = 0; i < records; i++) {
            try {
                decode(buf, i * stride);
            } catch (MalformedRecordException e) {
                throw new IllegalStateException(this + ": vector " + (i % hex.length) + " does not decode", e);
            }
        }
        return buf;
    }
}
