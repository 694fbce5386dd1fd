package io.faultline.api;

/**
 * A recoverable page request: PCIe PRI, an SMMU stalled transaction, an iommufd fault record. The
 * device waits. Requests are grouped by (requester, PASID, {@link #groupIndex()}); only the request
 * with {@link #lastInGroup()} set is answered, once, for the whole group.
 */
public final class PageRequest extends Fault {
    private final int groupIndex;
    private final boolean lastInGroup;
    private final boolean hasPrivateData;
    private final long privateData;

    private PageRequest(Builder b) {
        super(b);
        this.groupIndex = b.groupIndex;
        this.lastInGroup = b.lastInGroup;
        this.hasPrivateData = b.hasPrivateData;
        this.privateData = b.privateData;
    }

    /** A builder for a page request from {@code family}. */
    public static Builder builder(Family family) {
        return new Builder(family);
    }

    @Override
    public FaultType type() {
        return FaultType.PAGE_REQUEST;
    }

    /** Page request group index (PCIe PRGI, SMMU stall tag, iommufd group id). */
    public int groupIndex() {
        return groupIndex;
    }

    /** Whether this request closes its group and so triggers handling and the one response. */
    public boolean lastInGroup() {
        return lastInGroup;
    }

    /** Whether the source carries opaque device data to echo in the response (VT-d). */
    public boolean hasPrivateData() {
        return hasPrivateData;
    }

    /** Opaque data to echo back unchanged in the response; 0 when absent. */
    public long privateData() {
        return privateData;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof PageRequest p && p.groupIndex == groupIndex
                && p.lastInGroup == lastInGroup && p.hasPrivateData == hasPrivateData
                && p.privateData == privateData;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + groupIndex * 2 + (lastInGroup ? 1 : 0);
    }

    @Override
    void appendDetails(StringBuilder sb) {
        sb.append(" group=").append(groupIndex);
        if (lastInGroup) {
            sb.append(" last");
        }
        if (hasPrivateData) {
            sb.append(" private=0x").append(Long.toHexString(privateData));
        }
    }

    /** Builds {@link PageRequest}s. The stage defaults to {@link Stage#PTE}: a missing leaf mapping. */
    public static final class Builder extends Fault.Builder<PageRequest, Builder> {
        int groupIndex;
        boolean lastInGroup;
        boolean hasPrivateData;
        long privateData;

        Builder(Family family) {
            super(family);
            stage = Stage.PTE;
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder groupIndex(int groupIndex) {
            if (groupIndex < 0) {
                throw new IllegalArgumentException("groupIndex must not be negative: " + groupIndex);
            }
            this.groupIndex = groupIndex;
            return this;
        }

        public Builder lastInGroup(boolean lastInGroup) {
            this.lastInGroup = lastInGroup;
            return this;
        }

        public Builder privateData(long privateData) {
            this.hasPrivateData = true;
            this.privateData = privateData;
            return this;
        }

        @Override
        public PageRequest build() {
            return new PageRequest(this);
        }
    }
}
