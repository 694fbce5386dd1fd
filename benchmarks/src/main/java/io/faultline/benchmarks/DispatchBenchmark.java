package io.faultline.benchmarks;

import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One fault per invocation, cycling through the 1024 pre-built faults of a {@link FaultMix}, each
 * mechanism calling the same handler methods of the same 64 driver instances. The result of every
 * dispatch goes to JMH's blackhole; each handler also consumes its fault (see {@link BenchDriver}).
 *
 * <p>Before measuring, each fork self-checks the mechanism it measures ({@link SelfCheck}); only
 * that one, so that other mechanisms do not pollute the JIT's profiles. {@code SelfCheckTest}
 * checks all of them in CI.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchBenchmark {
    @Param
    public FaultMix mix;

    private Fault[] faults;
    private BusEvents.FaultEvent[] events;
    private int cursor;

    private HandWritten handWritten;
    private FaultlinePaths faultline;
    private Ablations ablations;
    private Reflective reflective;
    private HandleArray handleArray;
    private StaticHandles staticHandles;
    private Lambdas lambdas;
    private GuavaBus guava;
    private GreenrobotBus greenrobot;
    private GreenrobotBus greenrobotDefaults;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params, Blackhole sink) throws Throwable {
        Fixture fx = new Fixture(mix, sink);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Mechanism.ofBenchmark(method).ifPresent(m -> SelfCheck.require(fx, EnumSet.of(m)));
        faults = fx.faults;
        events = fx.events;
        handWritten = fx.handWritten;
        faultline = fx.faultline;
        ablations = fx.ablations;
        reflective = fx.reflective;
        handleArray = fx.handleArray;
        staticHandles = fx.staticHandles;
        lambdas = fx.lambdas;
        guava = fx.guava;
        greenrobot = fx.greenrobot;
        greenrobotDefaults = fx.greenrobotDefaults;
    }

    private int next() {
        int k = cursor;
        cursor = (k + 1) & (Fixture.FAULTS - 1);
        return k;
    }

    /** The floor: fetch the fault and read what any dispatch reads (requester id, type, stage); call nothing. */
    @Benchmark
    public void floor(Blackhole bh) {
        Fault f = faults[next()];
        bh.consume(f.requesterId());
        bh.consume(f instanceof PageRequest);
        bh.consume(f.stage());
    }

    @Benchmark
    public Object handWritten() {
        return handWritten.dispatch(faults[next()]);
    }

    @Benchmark
    public Object faultlineRouter() {
        return faultline.route(faults[next()]);
    }

    @Benchmark
    public Object faultlineDirect() {
        return faultline.direct(faults[next()]);
    }

    @Benchmark
    public Object ablationHashLookup() {
        return ablations.hashLookup(faults[next()]);
    }

    @Benchmark
    public Object ablationCounters() {
        return ablations.counted(faults[next()]);
    }

    @Benchmark
    public Object reflection() throws ReflectiveOperationException {
        return reflective.dispatch(faults[next()]);
    }

    @Benchmark
    public Object methodHandleArray() throws Throwable {
        return handleArray.dispatch(faults[next()]);
    }

    @Benchmark
    public Object methodHandleStatic() throws Throwable {
        return staticHandles.dispatch(faults[next()]);
    }

    @Benchmark
    public Object lambdaMetafactory() {
        return lambdas.dispatch(faults[next()]);
    }

    @Benchmark
    public void guavaEventBus() {
        guava.post(events[next()]);
    }

    @Benchmark
    public void greenrobotEventBus() {
        greenrobot.post(events[next()]);
    }

    @Benchmark
    public void greenrobotEventBusDefaults() {
        greenrobotDefaults.post(events[next()]);
    }
}
