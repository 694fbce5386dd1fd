package io.faultline.benchmarks;

import io.faultline.adapters.kernellog.KernelLogListener;
import io.faultline.adapters.kernellog.KernelLogParser;
import io.faultline.adapters.kernellog.LogRecord;
import io.faultline.adapters.kernellog.UnparsedLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 6 item 4: {@link KernelLogParser} throughput, single thread, over an in-memory log built
 * the way {@code cli/scripts/make-big-log.sh} builds its file: the real sample lines (the texts of
 * {@code adapters/src/test/resources/samples/kernel-logs.jsonl}, as in {@code
 * cli/src/test/resources/samples.log}) with their stamps replaced by fresh increasing ones, repeated
 * to {@value #TARGET_BYTES} bytes. One operation parses the whole buffer, fed in 64 KiB chunks; the
 * auxiliary counters {@code bytes} and {@code lines} give MB/s and lines/s directly.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelLogParserBenchmark {
    static final int TARGET_BYTES = 4 << 20;
    static final int CHUNK = 64 << 10;

    /** The real sample block, verbatim. */
    static final String[] SAMPLE_LINES = {
            "[  144.480641] DMAR: [DMA Read] Request device [00:02.0] PASID ffffffff fault addr 9c000000 [fault reason 06] PTE Read access is not set",
            "[    0.938401] kernel: DMAR: [DMA Read NO_PASID] Request device [0x00:0x02.0] fault addr 0x70ad5000 [fault reason 0x07] Next page table ptr is invalid",
            "[10672.868940] DMAR: [DMA Write] Request device [00:12.0] fault addr 0 [fault reason 05] PTE Write access is not set",
            "[   40.182570] ath10k_pci 0000:01:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x000d address=0xcff49550 flags=0x0070]",
            "kernel: [  221.562629] AMD-Vi: Event logged [",
            "kernel: [  221.565929] IO_PAGE_FAULT device=05:00.0 domain=0x0012 address=0x00000000ff6101b0 flags=0x0070]",
            "[    1.116842] AMD-Vi: Event logged [IO_PAGE_FAULT device=20:00.0 domain=0x0003 address=0x000000f4001eef80 flags=0x0010]",
            "[  196.747107] arm-smmu-v3 arm-smmu-v3.0.auto: event 0x10 received:",
            "[  196.747109] arm-smmu-v3 arm-smmu-v3.0.auto: 0x00000180 00000010",
            "[  196.747110] arm-smmu-v3 arm-smmu-v3.0.auto: 0x0000020100000000",
            "[  196.747111] arm-smmu-v3 arm-smmu-v3.0.auto: 0x00000000ffffe040",
            "[  196.747113] arm-smmu-v3 arm-smmu-v3.0.auto: 0x00000000ffffe000",
            "arm-smmu 5000000.iommu: Unhandled context fault: fsr=0x402, iova=0xff3cf000, fsynr=0x300003, cbfrsynra=0x409, cb=10",
            "[   42.213800] rk_iommu ff650800.iommu: Page fault at 0x0000000004382010 of type write",
            "[  139.513963] DMAR: DRHD: handling fault status reg 3",
            "[  144.480629] dmar_fault: 893 callbacks suppressed",
            "[    2.052762] AMD-Vi: Interrupt remapping enabled",
            "[ 1782.232631] rk-vcodec ff360000.rkvdec: vcodec, fault addr 0x00151800 status 6b"
    };

    private byte[] log;
    private long linesInLog;
    private long faultsInLog;

    /** Per-second rates JMH derives from what each operation parsed. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates {
        public long bytes;
        public long lines;
        public long faults;
    }

    @Setup(Level.Trial)
    public void setUp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TARGET_BYTES + 4096);
        double t = 0;
        long n = 0;
        while (out.size() < TARGET_BYTES) {
            for (String line : SAMPLE_LINES) {
                t += 0.000137;
                String body = line.replaceFirst("^(kernel: )?\\[ *[0-9]+\\.[0-9]+\\] ", "").replaceFirst("^kernel: ", "");
                byte[] b = String.format(Locale.ROOT, "[%12.6f] %s\n", t, body).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                n++;
            }
        }
        log = out.toByteArray();
        linesInLog = n;
        CountingListener probe = new CountingListener();
        parseAll(probe);
        faultsInLog = probe.faults;
        if (faultsInLog == 0 || probe.lines != linesInLog) {
            throw new IllegalStateException("log of " + linesInLog + " lines: parser counted " + probe.lines
                    + " lines, " + probe.faults + " faults, " + probe.unparsed + " unparsed");
        }
    }

    private long parseAll(CountingListener listener) {
        KernelLogParser parser = new KernelLogParser(listener);
        byte[] b = log;
        for (int off = 0; off < b.length; off += CHUNK) {
            parser.feed(b, off, Math.min(CHUNK, b.length - off));
        }
        parser.endOfInput();
        listener.lines = parser.lines();
        return listener.faults;
    }

    @Benchmark
    public long parse(Rates rates) {
        CountingListener listener = new CountingListener();
        long faults = parseAll(listener);
        if (faults != faultsInLog) {
            throw new IllegalStateException("expected " + faultsInLog + " faults, parsed " + faults);
        }
        rates.bytes += log.length;
        rates.lines += linesInLog;
        rates.faults += faults;
        return faults + listener.unparsed + listener.suppressed + listener.overflows;
    }

    /** Counts every callback; keeps nothing. */
    static final class CountingListener implements KernelLogListener {
        long faults;
        long unparsed;
        long suppressed;
        long overflows;
        long lines;

        @Override
        public void fault(LogRecord record) {
            faults++;
        }

        @Override
        public void unparsed(UnparsedLine line) {
            unparsed++;
        }

        @Override
        public void suppressed(String source, long count, long line) {
            suppressed++;
        }

        @Override
        public void overflow(String source, String text, long line) {
            overflows++;
        }
    }
}
