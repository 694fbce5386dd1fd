package io.faultline.cli;

import io.faultline.adapters.kernellog.LogRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A {@code --since/--until} bound: kernel seconds ({@code 120.5}, compared with {@code [  120.5]}
 * stamps) or a wall-clock time ({@code 2024-05-01T10:00:00Z}; without a zone it is UTC; a date alone
 * is its midnight), compared with ISO-stamped lines.
 */
record TimeBound(double seconds, Instant instant, String text) {

    static TimeBound parse(String s) {
        String t = s.trim();
        try {
            double d = Double.parseDouble(t);
            if (!Double.isNaN(d) && !Double.isInfinite(d)) {
                return new TimeBound(d, null, s);
            }
        } catch (NumberFormatException e) {
            // not seconds: try a time
        }
        try {
            return new TimeBound(Double.NaN, Instant.parse(t), s);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return new TimeBound(Double.NaN, OffsetDateTime.parse(t).toInstant(), s);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return new TimeBound(Double.NaN, LocalDateTime.parse(t).toInstant(ZoneOffset.UTC), s);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return new TimeBound(Double.NaN, LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC), s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is neither kernel seconds (120.5) nor a time "
                    + "(2024-05-01T10:00:00Z, 2024-05-01T10:00, 2024-05-01)");
        }
    }

    /** Negative, zero or positive like compareTo; null when the record has no comparable time. */
    Integer compareRecord(LogRecord r) {
        if (instant == null) {
            return Double.isNaN(r.seconds()) ? null : Double.compare(r.seconds(), seconds);
        }
        return r.instant() == null ? null : r.instant().compareTo(instant);
    }
}
