package io.faultline.adapters.kernellog;

/**
 * A record that has its head line and waits for the lines that complete it (dword lines, the reason
 * line, a table dump). Later lines of the same source are offered to it; a line it refuses, a long
 * gap, or the end of input closes it, and it then reports what it has.
 */
abstract class Pending {
    /** Lines after the last accepted one before the record is closed anyway. */
    static final int MAX_GAP = 32;

    final String source;
    final LogLine first;
    /**
     * The raw lines of the record from the first, once a second is taken (null before); the record's
     * text is them joined by '\n', built once in {@link #text()} by String.join, which sizes it exactly
     * (a one-line record's text is its line, not a copy).
     */
    private String[] lines;
    /** Lines taken after the first. */
    private int taken;
    /** Length of that text. */
    private int chars;
    long last;
    /** {@link #source} as bytes (it is ASCII: driver and device characters only), for the byte pre-filter. */
    private byte[] sourceBytes;

    Pending(LogLine first) {
        this.source = first.source();
        this.first = first;
        this.chars = first.raw.length();
        this.last = first.no;
    }

    /** Whether lines of other sources may complete this record (they are offered to it too). */
    boolean anySource() {
        return false;
    }

    /** Whether {@code line} belongs to this record; if so it has been taken. */
    abstract boolean offer(LogLine line, Out out);

    /** Whether no more lines are expected. */
    boolean complete() {
        return false;
    }

    /** Reports the record as it is now. Called exactly once. */
    abstract void close(Out out);

    final void take(LogLine l) {
        if (chars < KernelLogParser.MAX_RECORD_CHARS) {
            if (lines == null) {
                lines = new String[4];
                lines[0] = first.raw;
            } else if (taken + 1 == lines.length) {
                lines = java.util.Arrays.copyOf(lines, lines.length * 2);
            }
            lines[++taken] = l.raw;
            chars += 1 + l.raw.length();
        }
        last = l.no;
    }

    final byte[] sourceBytes() {
        if (sourceBytes == null) {
            sourceBytes = source.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return sourceBytes;
    }

    final String text() {
        if (taken == 0) {
            return first.raw;
        }
        return String.join("\n", taken + 1 == lines.length ? lines : java.util.Arrays.copyOf(lines, taken + 1));
    }
}
