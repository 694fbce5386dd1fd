package io.faultline.api;

/**
 * The access that faulted: four independent flags. All false means the source did not say.
 * Exec and privileged never imply read. Instances are interned: {@code ==} compares them.
 */
public final class Access {
    private static final int READ_BIT = 1;
    private static final int WRITE_BIT = 2;
    private static final int EXEC_BIT = 4;
    private static final int PRIV_BIT = 8;

    private static final Access[] ALL = new Access[16];

    static {
        for (int i = 0; i < ALL.length; i++) {
            ALL[i] = new Access(i);
        }
    }

    /** Nothing known about the access. */
    public static final Access UNKNOWN = ALL[0];
    /** A plain data read. */
    public static final Access READ = ALL[READ_BIT];
    /** A plain data write. */
    public static final Access WRITE = ALL[WRITE_BIT];

    private final int bits;

    private Access(int bits) {
        this.bits = bits;
    }

    /** The interned access with these flags. */
    public static Access of(boolean read, boolean write, boolean exec, boolean privileged) {
        return ALL[(read ? READ_BIT : 0) | (write ? WRITE_BIT : 0) | (exec ? EXEC_BIT : 0)
                | (privileged ? PRIV_BIT : 0)];
    }

    public boolean read() {
        return (bits & READ_BIT) != 0;
    }

    public boolean write() {
        return (bits & WRITE_BIT) != 0;
    }

    /** Instruction fetch. */
    public boolean exec() {
        return (bits & EXEC_BIT) != 0;
    }

    /** Privileged (supervisor) access. */
    public boolean privileged() {
        return (bits & PRIV_BIT) != 0;
    }

    /** True when the source said nothing about the access. */
    public boolean isUnknown() {
        return bits == 0;
    }

    /**
     * One word for reports: {@code exec} for an instruction fetch, else {@code write} if the access
     * wrote, else {@code read}, else {@code unknown}.
     */
    public String summary() {
        if (exec()) {
            return "exec";
        }
        if (write()) {
            return "write";
        }
        if (read()) {
            return "read";
        }
        return "unknown";
    }

    /** Flags joined by {@code |}, e.g. {@code read|exec|priv}, or {@code unknown}. */
    @Override
    public String toString() {
        if (bits == 0) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, READ_BIT, "read");
        append(sb, WRITE_BIT, "write");
        append(sb, EXEC_BIT, "exec");
        append(sb, PRIV_BIT, "priv");
        return sb.toString();
    }

    private void append(StringBuilder sb, int bit, String name) {
        if ((bits & bit) != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
