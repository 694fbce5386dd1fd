package io.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code triage --json} allocates about a kilobyte per fault line. Guards against a per-fault buffer
 * (a cache miss that once built a 64 KiB scratch buffer for every arm-smmu reason, which differs per fault).
 */
class JsonReportAllocationTest {

    @Test
    void aFaultWithItsOwnReasonCostsNoScratchBuffer() {
        StringBuilder log = new StringBuilder();
        int n = 20_000;
        for (int i = 0; i < n; i++) { // every fsr a new reason instance
            log.append("arm-smmu 5000000.iommu: Unhandled context fault: fsr=0x").append(Integer.toHexString(0x400 + (i & 0xff)))
                    .append(", iova=0xff3cf000, fsynr=0x300003, cbfrsynra=0x409, cb=10\n");
        }
        byte[] in = log.toString().getBytes(StandardCharsets.US_ASCII);
        run(in); // warm up
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        ByteArrayOutputStream out = run(in);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before - out.size() * 2L;
        long faults = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{\"family\":\"arm-smmu\"")).count();
        assertTrue(faults > n / 4, faults + " faults");
        assertTrue(allocated / faults < 16 * 1024, allocated / faults + " bytes allocated per fault");
    }

    private static ByteArrayOutputStream run(byte[] in) {
        FaultlineCli cli = new FaultlineCli(new ByteArrayInputStream(in));
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3);
        cli.stdout = out;
        FaultlineCli.commandLine(cli).execute("triage", "--json");
        return out;
    }
}
