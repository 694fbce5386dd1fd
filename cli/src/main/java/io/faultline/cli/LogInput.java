package io.faultline.cli;

import io.faultline.adapters.kernellog.KernelLogParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

/** Opens logs (gzip recognised by its magic bytes, not its name) and tails growing files. */
final class LogInput {
    private LogInput() {
    }

    private static final long PROGRESS_MIN_BYTES = 64L << 20;

    /** A stream that is gunzipped when it starts with the gzip magic. */
    static InputStream maybeGunzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(2);
        boolean gzip = isGzipMagic(in.read(), in.read());
        in.reset();
        return gzip ? new GZIPInputStream(in, 64 * 1024) : in;
    }

    /** Whether {@code file} exists and starts with the gzip magic bytes. */
    static boolean isGzip(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false; // --follow may wait for it to appear
        }
        try (InputStream in = Files.newInputStream(file)) {
            return isGzipMagic(in.read(), in.read());
        }
    }

    private static boolean isGzipMagic(int first, int second) {
        return first == 0x1f && second == 0x8b;
    }

    /**
     * Whether standard error is a terminal, from file descriptor 2 alone: {@link System#console()}
     * describes standard input and output (on JDK 17 it is null unless both are terminals; from JDK 22
     * it is never null), not where progress goes. Linux tells by the descriptor's link; elsewhere
     * progress needs {@code --progress}.
     */
    static boolean stderrIsTerminal() {
        try {
            return isTerminalDevice(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // not Linux, or not allowed to look: no progress unless --progress
        }
    }

    /** Whether a descriptor's link target is a terminal ({@code /dev/pts/3}, {@code /dev/tty1}), not a pipe or file. */
    static boolean isTerminalDevice(String linkTarget) {
        return linkTarget.startsWith("/dev/pts/") || linkTarget.startsWith("/dev/tty");
    }

    /** Parses a whole file; progress goes to {@code progress} (null: none) for big files. */
    static void parseFile(Path file, KernelLogParser parser, PrintWriter progress) throws IOException {
        parseFile(file, parser, progress, PROGRESS_MIN_BYTES, 1_000_000_000L);
    }

    /** {@link #parseFile(Path, KernelLogParser, PrintWriter)} with the size threshold and print interval given. */
    static void parseFile(Path file, KernelLogParser parser, PrintWriter progress, long minBytes, long everyNanos)
            throws IOException {
        long size = Files.size(file);
        boolean show = progress != null && size >= minBytes;
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream counted = show ? new Progress(raw, size, file, progress, everyNanos) : raw;
            parser.parse(maybeGunzip(counted));
        }
        if (show) {
            progress.print("\r" + file.getFileName() + ": done          \n");
            progress.flush();
        }
    }

    /**
     * Tails {@code file} like {@code tail -F}: reads what is there, then polls for growth; a file
     * that shrank (rotated or truncated) is read again from its start. Open records are flushed
     * after {@code idleFlushMillis} without new data. Runs until {@code stop} says so.
     */
    static void follow(Path file, KernelLogParser parser, long pollMillis, long idleFlushMillis, BooleanSupplier stop)
            throws IOException, InterruptedException {
        long pos = 0;
        long idleSince = System.nanoTime();
        boolean flushed = true;
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (!stop.getAsBoolean()) {
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size < pos) {
                parser.endOfInput(); // rotated: the old partial line is finished
                pos = 0;
            }
            if (size > pos) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    ch.position(pos);
                    int n;
                    while ((n = ch.read(buf.clear())) > 0) {
                        parser.feed(buf.array(), 0, n);
                        pos += n;
                    }
                }
                idleSince = System.nanoTime();
                flushed = false;
            } else {
                if (!flushed && (System.nanoTime() - idleSince) / 1_000_000 >= idleFlushMillis) {
                    parser.flush();
                    flushed = true;
                }
                Thread.sleep(pollMillis);
            }
        }
        parser.endOfInput();
    }

    /** Counts bytes (of the file, compressed or not) and prints a percentage at most once per interval. */
    private static final class Progress extends InputStream {
        private final InputStream in;
        private final long size;
        private final Path file;
        private final PrintWriter err;
        private final long everyNanos;
        private long read;
        private long lastPrint = System.nanoTime();

        Progress(InputStream in, long size, Path file, PrintWriter err, long everyNanos) {
            this.in = in;
            this.size = size;
            this.file = file;
            this.err = err;
            this.everyNanos = everyNanos;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                tick(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                tick(n);
            }
            return n;
        }

        private void tick(int n) {
            read += n;
            long now = System.nanoTime();
            if (now - lastPrint >= everyNanos) {
                lastPrint = now;
                err.printf("\r%s: %d%%", file.getFileName(), read * 100 / Math.max(1, size));
                err.flush();
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
