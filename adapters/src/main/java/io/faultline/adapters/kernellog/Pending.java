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
     * The raw lines taken after the first; the record's text is all of them joined by '\n', built once
     * at the exact size in {@link #text()} (a one-line record's text is its line, not a copy).
     */
    private String[] more;
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
            if (more == null || taken == more.length) {
                more = java.util.Arrays.copyOf(more == null ? new String[0] : more, Math.max(4, taken * 2));
            }
            more[taken++] = l.raw;
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
        StringBuilder b = new StringBuilder(chars).append(first.raw);
        for (int i = 0; i < taken; i++) {
            b.append('\n').append(more[i]);
        }
        return b.toString();
    }
}
