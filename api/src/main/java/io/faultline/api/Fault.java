package io.faultline.api;

import java.util.Objects;

/**
 * One device fault, normalised from whatever source reported it. Immutable.
 *
 * <p>A fault is either an {@link UnrecoverableFault} or a {@link PageRequest}; switch on
 * {@link #type()} or use {@code instanceof}. Identifiers are unsigned: {@link #requesterId()} may
 * hold a 32-bit SMMU StreamID, use {@link Integer#toUnsignedString(int, int)} to print it.
 */
public abstract sealed class Fault permits UnrecoverableFault, PageRequest {
    /** {@link #pasid()} of a fault without a valid PASID. */
    public static final int NO_PASID = -1;

    private final Family family;
    private final boolean hasRequesterId;
    private final int requesterId;
    private final int pasid;
    private final boolean hasAddress;
    private final long address;
    private final Access access;
    private final Stage stage;
    private final Reason reason;

    Fault(Builder<?, ?> b) {
        this.family = Objects.requireNonNull(b.family, "family");
        this.hasRequesterId = b.hasRequesterId;
        this.requesterId = b.requesterId;
        this.pasid = b.pasid;
        this.hasAddress = b.hasAddress;
        this.address = b.address;
        this.access = b.access;
        this.stage = b.stage;
        this.reason = b.reason;
    }

    /** Unrecoverable or page request. */
    public abstract FaultType type();

    /** The source that produced the record. */
    public final Family family() {
        return family;
    }

    /** Whether the source identified the faulting master. */
    public final boolean hasRequesterId() {
        return hasRequesterId;
    }

    /**
     * The faulting master within its IOMMU: PCI requester id ({@code bus << 8 | dev << 3 | fn}),
     * SMMU StreamID (32 bits, unsigned), virtio endpoint id, or an SoC master index. Meaningless
     * when {@link #hasRequesterId()} is false.
     */
    public final int requesterId() {
        return requesterId;
    }

    /** Whether the record carries a valid PASID. PASID 0 is a valid PASID. */
    public final boolean hasPasid() {
        return pasid != NO_PASID;
    }

    /** The PASID (20 bits), or {@link #NO_PASID}. */
    public final int pasid() {
        return pasid;
    }

    /** Whether the record carries a valid faulting address. */
    public final boolean hasAddress() {
        return hasAddress;
    }

    /** The faulting input address (IOVA or guest address); 0 when {@link #hasAddress()} is false. */
    public final long address() {
        return address;
    }

    public final Access access() {
        return access;
    }

    /** The step of the walk that failed, or {@link Stage#NONE}. */
    public final Stage stage() {
        return stage;
    }

    /** The vendor reason code and name, or {@link Reason#NONE}. */
    public final Reason reason() {
        return reason;
    }

    /** Whose bug this fault most likely is, from its stage. */
    public final Culprit culprit() {
        return stage.culprit();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        Fault f = (Fault) o;
        return family == f.family && hasRequesterId == f.hasRequesterId && requesterId == f.requesterId
                && pasid == f.pasid && hasAddress == f.hasAddress && address == f.address
                && access == f.access && stage == f.stage && reason.equals(f.reason);
    }

    @Override
    public int hashCode() {
        int h = family.hashCode();
        h = 31 * h + requesterId;
        h = 31 * h + pasid;
        h = 31 * h + Long.hashCode(address);
        h = 31 * h + access.hashCode();
        h = 31 * h + stage.hashCode();
        return 31 * h + reason.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(type()).append(' ').append(stage).append(" [").append(family).append(']');
        sb.append(" rid=").append(hasRequesterId ? "0x" + Integer.toHexString(requesterId) : "?");
        if (hasPasid()) {
            sb.append(" pasid=0x").append(Integer.toHexString(pasid));
        }
        sb.append(" addr=").append(hasAddress ? "0x" + Long.toHexString(address) : "?");
        sb.append(' ').append(access);
        if (reason != Reason.NONE) {
            sb.append(" reason=").append(reason);
        }
        appendDetails(sb);
        return sb.toString();
    }

    void appendDetails(StringBuilder sb) {
    }

    /**
     * Common builder state. Unset fields mean "the source did not say": no requester id, no PASID,
     * no address, {@link Access#UNKNOWN}, {@link Stage#NONE}, {@link Reason#NONE}.
     */
    public abstract static sealed class Builder<F extends Fault, B extends Builder<F, B>>
            permits UnrecoverableFault.Builder, PageRequest.Builder {
        Family family;
        boolean hasRequesterId;
        int requesterId;
        int pasid = NO_PASID;
        boolean hasAddress;
        long address;
        Access access = Access.UNKNOWN;
        Stage stage = Stage.NONE;
        Reason reason = Reason.NONE;

        Builder(Family family) {
            this.family = Objects.requireNonNull(family, "family");
        }

        abstract B self();

        public final B requesterId(int requesterId) {
            this.hasRequesterId = true;
            this.requesterId = requesterId;
            return self();
        }

        /** A valid PASID: 0 to 2^20 - 1. */
        public final B pasid(int pasid) {
            if (pasid < 0 || pasid > 0xFFFFF) {
                throw new IllegalArgumentException("pasid must be 0..0xfffff (20 bits): " + pasid);
            }
            this.pasid = pasid;
            return self();
        }

        public final B address(long address) {
            this.hasAddress = true;
            this.address = address;
            return self();
        }

        public final B access(Access access) {
            this.access = Objects.requireNonNull(access, "access");
            return self();
        }

        public final B stage(Stage stage) {
            this.stage = Objects.requireNonNull(stage, "stage");
            return self();
        }

        public final B reason(Reason reason) {
            this.reason = Objects.requireNonNull(reason, "reason");
            return self();
        }

        public abstract F build();
    }
}
