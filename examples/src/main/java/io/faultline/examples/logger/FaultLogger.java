package io.faultline.examples.logger;

import io.faultline.api.Family;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The simplest driver: one readable line per fault, whatever its stage. It maps no pages, so it
 * answers page requests INVALID (never FAILURE, which would disable PRI for the whole function).
 */
public class FaultLogger {
    private final Consumer<String> out;
    private long lines;

    public FaultLogger(Consumer<String> out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Writes to standard output: the constructor {@code faultline replay --driver} uses. */
    public FaultLogger() {
        this(System.out::println);
    }

    @OnFault
    void log(Fault fault) {
        lines++;
        out.accept(line(fault));
    }

    @OnFault(type = FaultType.PAGE_REQUEST)
    PageResponse refuse(PageRequest request) {
        lines++;
        out.accept(line(request) + " -> INVALID (the logger maps nothing)");
        return PageResponse.INVALID;
    }

    /** Lines written so far. */
    public long lines() {
        return lines;
    }

    /**
     * E.g. {@code arm-smmu-v3 rid 0x100 pasid 1: PTE fault, write at 0x9000 (F_TRANSLATION);
     * culprit: device driver, default action REPORT_TO_DEVICE_DRIVER}.
     */
    public static String line(Fault f) {
        StringBuilder sb = new StringBuilder();
        sb.append(f.family()).append(f.family() == Family.VIRTIO_IOMMU ? " endpoint " : " rid ")
                .append(f.hasRequesterId() ? "0x" + Integer.toHexString(f.requesterId()) : "?");
        if (f.hasPasid()) {
            sb.append(" pasid ").append(f.pasid());
        }
        sb.append(": ").append(f.stage());
        if (f instanceof PageRequest r) {
            sb.append(" page request, group ").append(r.groupIndex()).append(r.lastInGroup() ? " (last)" : "");
        } else {
            sb.append(" fault");
        }
        sb.append(", ").append(f.access().summary());
        sb.append(f.hasAddress() ? " at 0x" + Long.toHexString(f.address()) : " (no address)");
        if (f.reason().name() != null) {
            sb.append(" (").append(f.reason().name()).append(')');
        }
        if (f.type() == FaultType.UNRECOVERABLE) {
            sb.append("; culprit: ").append(f.culprit().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(", default action ").append(f.stage().defaultAction());
        }
        return sb.toString();
    }
}
