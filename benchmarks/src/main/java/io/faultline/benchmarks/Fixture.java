package io.faultline.benchmarks;

import io.faultline.api.Fault;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Everything a dispatch benchmark needs, built once: 64 drivers bound by requester id, the faults
 * of one {@link FaultMix} (and their event-bus wrappers), and every mechanism wired to the same
 * driver instances.
 */
final class Fixture {
    static final int DEVICES = 64;
    /** A power of two: the benchmark cycles through the faults with a mask. */
    static final int FAULTS = 1024;
    static final long SEED = 0x5EED_FA17L;

    final FaultMix mix;
    final BenchDriver[] drivers = new BenchDriver[DEVICES];
    final int[] rids = new int[DEVICES];
    /** Drivers by 16-bit PCI requester id: the array every table-driven mechanism looks up. */
    final BenchDriver[] driverByRid = new BenchDriver[1 << 16];
    final Fault[] faults;
    final BusEvents.FaultEvent[] events;

    final HandWritten handWritten;
    final FaultlinePaths faultline;
    final Ablations ablations;
    final Reflective reflective;
    final HandleArray handleArray;
    final StaticHandles staticHandles;
    final Lambdas lambdas;
    final GuavaBus guava;
    final GreenrobotBus greenrobot;
    final GreenrobotBus greenrobotDefaults;

    Fixture(FaultMix mix, Blackhole sink) throws Throwable {
        this.mix = mix;
        for (int d = 0; d < DEVICES; d++) {
            rids[d] = 0x0100 + (d << 3); // bus 1 and 2, function 0 of each device
            drivers[d] = new BenchDriver(sink);
            driverByRid[rids[d]] = drivers[d];
        }
        faults = mix.build(rids, SEED);
        events = new BusEvents.FaultEvent[faults.length];
        for (int i = 0; i < faults.length; i++) {
            events[i] = BusEvents.wrap(faults[i]);
        }
        handWritten = new HandWritten(driverByRid);
        faultline = new FaultlinePaths(driverByRid);
        ablations = new Ablations(driverByRid);
        reflective = new Reflective(driverByRid);
        handleArray = new HandleArray(driverByRid);
        staticHandles = new StaticHandles(driverByRid);
        lambdas = new Lambdas(driverByRid);
        guava = new GuavaBus(driverByRid);
        greenrobot = GreenrobotBus.tuned(driverByRid);
        greenrobotDefaults = GreenrobotBus.defaults(driverByRid);
    }

    /** Dispatches fault {@code k} through {@code m}: for the self-check, never in a measurement. */
    void dispatch(Mechanism m, int k) throws Throwable {
        Fault f = faults[k];
        switch (m) {
            case HAND_WRITTEN -> handWritten.dispatch(f);
            case FAULTLINE_ROUTER -> faultline.route(f);
            case FAULTLINE_DIRECT -> faultline.direct(f);
            case ABLATION_HASH_LOOKUP -> ablations.hashLookup(f);
            case ABLATION_COUNTERS -> ablations.counted(f);
            case REFLECTION -> reflective.dispatch(f);
            case METHOD_HANDLE_ARRAY -> handleArray.dispatch(f);
            case METHOD_HANDLE_STATIC -> staticHandles.dispatch(f);
            case LAMBDA_METAFACTORY -> lambdas.dispatch(f);
            case GUAVA -> guava.post(events[k]);
            case GREENROBOT -> greenrobot.post(events[k]);
            case GREENROBOT_DEFAULTS -> greenrobotDefaults.post(events[k]);
        }
    }
}
