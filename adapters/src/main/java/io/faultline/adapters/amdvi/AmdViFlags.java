package io.faultline.adapters.amdvi;

import io.faultline.api.Access;

/**
 * The 12-bit flags field of an AMD-Vi event log entry: DW1[27:16], the value Linux prints as
 * {@code flags=0x%04x}. The masks are for that 12-bit value, not for the entry.
 *
 * <p>Public so that every reader of AMD-Vi flags — the event-log decoder here, and a kernel-log
 * parser reading {@code IO_PAGE_FAULT ... flags=0x0070} — decodes them with the same rules. Which
 * events these meanings apply to is {@link AmdViEvent}'s business: use
 * {@link AmdViEvent#access(int)} and {@link AmdViEvent#hasPasid(int)} when you know the event;
 * INVALID_PPR_REQUEST in particular gives its flags the PPR-log meanings (0x100 is GN there, not TR).
 *
 * <pre>{@code
 * Access a = AmdViFlags.access(0x0070);   // PE|RW|PR: write
 * String s = AmdViFlags.toString(0x0070);  // "PE|RW|PR"
 * }</pre>
 */
public final class AmdViFlags {
    /** Guest/nested: the request carried a PASID (DW1[15:0] and DW0[19:16] hold it, not a domain id). */
    public static final int GN = 0x001;
    /** Execute requested; meaningful only with a PASID prefix (GN). */
    public static final int NX = 0x002;
    /** User privilege (0 = supervisor); meaningful only with a PASID prefix (GN). */
    public static final int US = 0x004;
    /** An interrupt request, not a memory request. */
    public static final int I = 0x008;
    /** The page (or DTE, or remapped interrupt) was present. */
    public static final int PR = 0x010;
    /** 1 = write, 0 = read; valid only when PR = 1, TR = 0 and I = 0. */
    public static final int RW = 0x020;
    /** Permission error. */
    public static final int PE = 0x040;
    /** A reserved bit was set or a level encoding was invalid in a table entry. */
    public static final int RZ = 0x080;
    /** An ATS translation request rather than an untranslated transaction. */
    public static final int TR = 0x100;
    /** Type (flags[11:9]) of hardware-error and invalid-request events; reserved in IO_PAGE_FAULT. */
    public static final int TYPE_MASK = 0xe00;
    /** Every bit of the field. */
    public static final int MASK = 0xfff;

    // Xen's print order, most significant first.
    private static final int[] BITS = {TR, RZ, PE, RW, PR, I, US, NX, GN};
    private static final String[] NAMES = {"TR", "RZ", "PE", "RW", "PR", "I", "US", "NX", "GN"};

    private AmdViFlags() {
    }

    /**
     * The access of an event with the common flag layout (ILLEGAL_DEV_TABLE_ENTRY, IO_PAGE_FAULT,
     * PAGE_TAB_HARDWARE_ERROR). RW says something only for a memory request (I = 0) to a present
     * page (PR = 1) that is not an ATS translation request (TR = 0); otherwise the access is
     * {@link Access#UNKNOWN} — where Linux would say "read". Exec and privileged come from NX and US
     * only with GN, since only the PASID prefix carries them.
     *
     * @throws IllegalArgumentException if {@code flags} has bits above the 12-bit field
     */
    public static Access access(int flags) {
        check(flags);
        if ((flags & (I | PR | TR)) != PR) {
            return Access.UNKNOWN;
        }
        boolean write = (flags & RW) != 0;
        boolean gn = (flags & GN) != 0;
        return Access.of(!write, write, gn && (flags & NX) != 0, gn && (flags & US) == 0);
    }

    /** Whether GN is set: the event's PASID fields hold a PASID. */
    public static boolean gn(int flags) {
        check(flags);
        return (flags & GN) != 0;
    }

    /** The Type field, flags[11:9], an opaque number (its meanings are not confirmed). */
    public static int type(int flags) {
        check(flags);
        return (flags & TYPE_MASK) >>> 9;
    }

    /**
     * The set flags by name, in Xen's order, e.g. {@code PE|RW|PR}; {@code Type=5} is appended when
     * flags[11:9] is non-zero; {@code -} when nothing is set.
     */
    public static String toString(int flags) {
        check(flags);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(NAMES[i]);
            }
        }
        if ((flags & TYPE_MASK) != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append("Type=").append((flags & TYPE_MASK) >>> 9);
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    static void check(int flags) {
        if ((flags & ~MASK) != 0) {
            throw new IllegalArgumentException("AMD-Vi flags are 12 bits: 0x" + Integer.toHexString(flags));
        }
    }
}
