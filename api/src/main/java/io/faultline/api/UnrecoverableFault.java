package io.faultline.api;

/** A DMA transaction that failed translation and was aborted. It takes no response. */
public final class UnrecoverableFault extends Fault {

    private UnrecoverableFault(Builder b) {
        super(b);
    }

    /** A builder for a fault from {@code family}. */
    public static Builder builder(Family family) {
        return new Builder(family);
    }

    @Override
    public FaultType type() {
        return FaultType.UNRECOVERABLE;
    }

    /** Builds {@link UnrecoverableFault}s. */
    public static final class Builder extends Fault.Builder<UnrecoverableFault, Builder> {
        Builder(Family family) {
            super(family);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public UnrecoverableFault build() {
            return new UnrecoverableFault(this);
        }
    }
}
