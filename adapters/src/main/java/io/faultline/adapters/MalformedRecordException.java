package io.faultline.adapters;

import io.faultline.api.Family;
import java.util.Objects;

/**
 * A hardware record (or command) that a strict decoder rejects: truncated, reserved bits set,
 * unknown code, impossible combination. Names the family, the byte offset and the field, so that a
 * person can find the bad bytes in a dump.
 */
public final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Family family;
    private final long offset;
    private final String field;
    private final String detail;

    /**
     * @param family the adapter's family
     * @param offset byte offset, in the buffer or stream the record was read from, of the record's
     *               first byte (or of the offending field when it is known)
     * @param field  the offending field as the reference names it, e.g. {@code EventID}
     * @param detail what is wrong, e.g. {@code unknown event id 0x0f}
     */
    public MalformedRecordException(Family family, long offset, String field, String detail) {
        super(family + " record at byte offset " + offset + ": " + field + ": " + detail);
        this.family = Objects.requireNonNull(family, "family");
        this.offset = offset;
        this.field = Objects.requireNonNull(field, "field");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    public Family family() {
        return family;
    }

    public long offset() {
        return offset;
    }

    public String field() {
        return field;
    }

    public String detail() {
        return detail;
    }
}
