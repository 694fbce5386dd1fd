package io.faultline.adapters.kernellog;

import java.util.Objects;

/**
 * A line that is clearly an IOMMU fault report (it carries a family's fixed text) but matches no
 * known format, or whose fields are out of range. Counted and listed, never dropped.
 *
 * @param line 1-based line number (the first line of the record)
 * @param text the raw text, possibly cut to a bounded length
 * @param why  what was wrong, e.g. {@code DMAR: fault reason 'zz' is not decimal}
 */
public record UnparsedLine(long line, String text, String why) {
    public UnparsedLine {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(why, "why");
    }
}
