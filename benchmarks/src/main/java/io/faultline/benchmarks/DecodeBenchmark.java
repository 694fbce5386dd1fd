package io.faultline.benchmarks;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Fault;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouteOutcome;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 5 item 9: per record format, in the same run, (a) reading the record's raw 64-bit words,
 * (b) decoding it to a {@link Fault}, (c) decoding it and routing it through {@link FaultRouter} to
 * a processor-generated dispatcher. Target: (c) at most 2.5 times (a), and with {@code -prof gc}
 * no allocation beyond the fault object. Each call takes the next of 1024 pre-encoded records.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeBenchmark {
    static final int RECORDS = 1024;

    @Param({"SMMUV3", "VTD", "AMDVI", "VIRTIO", "IOMMUFD", "ARMSMMU"})
    public String family;

    private WireFormat format;

    private ByteBuffer ring;
    private int stride;
    private int words;
    private int next;
    private FaultRouter router;
    private DecodeDriver driver;
    private long routed;
    private long notHandled;

    @Setup(Level.Trial)
    public void setUp() throws MalformedRecordException {
        format = WireFormat.valueOf(family);
        ring = format.ring(RECORDS);
        stride = format.stride; // 28-byte arm-smmu captures lie 32 bytes apart: whole words to read
        words = stride / Long.BYTES;
        driver = new DecodeDriver();
        DecodeDriver_FaultDispatcher dispatcher = DecodeDriver_FaultDispatcher.of(driver);
        router = FaultRouter.builder().responseSink((last, response) -> { }).build();
        for (int i = 0; i < RECORDS; i++) {
            Fault f = format.decode(ring, i * stride);
            if (f.hasRequesterId()) {
                router.bind(f.requesterId(), dispatcher);
            }
        }
    }

    @TearDown(Level.Trial)
    public void check() {
        // decodeAndDispatch must have reached the handler every time it ran, not a default path.
        if (notHandled != 0 || driver.handled() != routed) {
            throw new IllegalStateException(format + ": " + routed + " HANDLED, " + notHandled
                    + " not, driver counted " + driver.handled()
                    + "\n" + router.stats());
        }
    }

    private int nextOffset() {
        int i = next;
        next = (i + 1) & (RECORDS - 1);
        return i * stride;
    }

    /** (a) The floor: every 64-bit word of the record, little-endian, summed. */
    @Benchmark
    public long rawRead() {
        int off = nextOffset();
        ByteBuffer b = ring;
        long sum = 0;
        for (int w = 0; w < words; w++) {
            sum += b.getLong(off + w * Long.BYTES);
        }
        return sum;
    }

    /** (b) Decode only: validation, field extraction, the Fault object. */
    @Benchmark
    public Fault decode() throws MalformedRecordException {
        return format.decode(ring, nextOffset());
    }

    /** (c) Decode, then route to the generated dispatcher (page requests answered into a no-op sink). */
    @Benchmark
    public RouteOutcome decodeAndDispatch() throws MalformedRecordException {
        RouteOutcome outcome = router.route(format.decode(ring, nextOffset()));
        if (outcome == RouteOutcome.HANDLED) {
            routed++;
        } else {
            notHandled++;
        }
        return outcome;
    }
}
