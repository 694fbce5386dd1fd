package io.faultline.api;

import java.util.Objects;

/**
 * The vendor's own reason for a fault: its raw code and the name the source gives it, e.g. VT-d
 * reason {@code 0x06} "PTE Read access is not set", SMMUv3 event {@code 0x10} {@code F_TRANSLATION}.
 * The raw code is kept even when the stage is derived from it. Adapters keep one instance per code.
 */
public final class Reason {
    /** {@link #code()} of a reason that has a name but no number. */
    public static final int NO_CODE = -1;

    /** No reason given by the source (e.g. a PRI page request). */
    public static final Reason NONE = new Reason(NO_CODE, null);

    private final int code;
    private final String name;

    private Reason(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /** A reason with a numeric code and its name. */
    public static Reason of(int code, String name) {
        if (code < 0) {
            throw new IllegalArgumentException("reason code must not be negative: " + code);
        }
        return new Reason(code, Objects.requireNonNull(name, "name"));
    }

    /** A reason the source names without a number (e.g. a kernel log line's event name). */
    public static Reason named(String name) {
        return new Reason(NO_CODE, Objects.requireNonNull(name, "name"));
    }

    public boolean hasCode() {
        return code != NO_CODE;
    }

    /** The raw vendor code, or {@link #NO_CODE}. */
    public int code() {
        return code;
    }

    /** The source's name for the reason, or null for {@link #NONE}. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reason r && r.code == code && Objects.equals(r.name, name);
    }

    @Override
    public int hashCode() {
        return 31 * code + Objects.hashCode(name);
    }

    @Override
    public String toString() {
        if (name == null) {
            return "none";
        }
        return hasCode() ? "0x" + Integer.toHexString(code) + " " + name : name;
    }
}
