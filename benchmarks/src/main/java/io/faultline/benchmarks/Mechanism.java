package io.faultline.benchmarks;

import java.util.Optional;

/** The ways to route a fault that {@link DispatchBenchmark} measures, by benchmark method name. */
public enum Mechanism {
    HAND_WRITTEN("handWritten", "hand-written: array + switch + direct call (baseline)"),
    FAULTLINE_ROUTER("faultlineRouter", "Faultline: FaultRouter.route → generated dispatcher"),
    FAULTLINE_DIRECT("faultlineDirect", "Faultline generated dispatcher, called directly"),
    ABLATION_HASH_LOOKUP("ablationHashLookup", "ablation: hand-written + the router's hash lookup"),
    ABLATION_COUNTERS("ablationCounters", "ablation: hand-written + the router's counters"),
    REFLECTION("reflection", "Method.invoke"),
    METHOD_HANDLE_ARRAY("methodHandleArray", "MethodHandle[] + invokeExact"),
    METHOD_HANDLE_STATIC("methodHandleStatic", "static final MethodHandle + switch"),
    LAMBDA_METAFACTORY("lambdaMetafactory", "LambdaMetafactory interfaces in arrays"),
    GUAVA("guavaEventBus", "Guava EventBus 33.4.8"),
    GREENROBOT("greenrobotEventBus", "greenrobot EventBus 3.3.1 + index, tuned"),
    GREENROBOT_DEFAULTS("greenrobotEventBusDefaults", "greenrobot EventBus 3.3.1 + index, default options");

    private final String benchmark;
    private final String label;

    Mechanism(String benchmark, String label) {
        this.benchmark = benchmark;
        this.label = label;
    }

    /** The {@link DispatchBenchmark} method that measures this mechanism. */
    public String benchmark() {
        return benchmark;
    }

    public String label() {
        return label;
    }

    /** The mechanism a benchmark method measures; empty for {@code floor}. */
    public static Optional<Mechanism> ofBenchmark(String method) {
        for (Mechanism m : values()) {
            if (m.benchmark.equals(method)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
