package io.faultline.benchmarks;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.api.Fault;
import io.faultline.runtime.AsyncFaultRouter;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouterStats;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 9 item 7: sustained throughput of an {@link AsyncFaultRouter} with one producer (the JMH
 * thread) and one worker, BLOCK when full. One operation is one fault; an invocation submits
 * {@value #BATCH} pre-built faults and then waits until the driver has handled all of them, so the
 * score is faults routed end to end, not faults parked in the queue. Target: at least 20 M
 * faults/s, and with {@code -prof gc} no allocation per fault. Needs two free cores to mean
 * anything.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AsyncThroughputBenchmark {
    static final int BATCH = 1 << 20;

    private Fault[] faults;
    private AsyncFaultRouter router;
    private DecodeDriver driver;
    private long submitted;
    private Thread worker;
    private long workerAllocatedAtStart;

    @Setup(Level.Trial)
    public void setUp() throws MalformedRecordException {
        // Real VT-d FRCD faults, decoded once: several devices, all bound to the one driver.
        WireFormat format = WireFormat.VTD;
        ByteBuffer ring = format.ring(DecodeBenchmark.RECORDS);
        faults = new Fault[DecodeBenchmark.RECORDS];
        driver = new DecodeDriver();
        DecodeDriver_FaultDispatcher dispatcher = DecodeDriver_FaultDispatcher.of(driver);
        router = AsyncFaultRouter.builder()
                .workers(1)
                .whenFull(AsyncFaultRouter.WhenFull.BLOCK)
                .router(FaultRouter.builder().responseSink((last, response) -> { }))
                .build();
        for (int i = 0; i < faults.length; i++) {
            faults[i] = format.decode(ring, i * format.recordBytes);
            router.bind(faults[i].requesterId(), dispatcher);
        }
        // -prof gc may not see the worker thread: measure its allocation directly as well.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("faultline-router-")) {
                worker = t;
            }
        }
        workerAllocatedAtStart = allocatedBytes(worker);
    }

    private static long allocatedBytes(Thread t) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (t == null || !(mx instanceof com.sun.management.ThreadMXBean)) {
            return -1;
        }
        return ((com.sun.management.ThreadMXBean) mx).getThreadAllocatedBytes(t.getId());
    }

    @TearDown(Level.Trial)
    public void check() {
        long workerBytes = allocatedBytes(worker) - workerAllocatedAtStart;
        System.out.printf(java.util.Locale.ROOT, "%nworker thread allocated %d bytes over %d faults (%.4f B/fault)%n",
                workerBytes, submitted, submitted == 0 ? 0.0 : (double) workerBytes / submitted);
        if (!router.shutdown(Duration.ofSeconds(30))) {
            throw new IllegalStateException("worker did not drain: " + router);
        }
        RouterStats stats = router.stats();
        if (driver.handled() != submitted) {
            throw new IllegalStateException("submitted " + submitted + ", driver handled " + driver.handled() + "\n" + stats);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long submitBatch() {
        Fault[] f = faults;
        AsyncFaultRouter r = router;
        int mask = f.length - 1;
        for (int i = 0; i < BATCH; i++) {
            if (!r.submit(f[i & mask])) {
                throw new IllegalStateException("BLOCK router refused a fault: " + r);
            }
        }
        submitted += BATCH;
        long target = submitted;
        // Wait for the worker: the batch counts only once every fault reached the handler.
        while (driver.handled() < target) {
            Thread.onSpinWait();
        }
        return target;
    }
}
