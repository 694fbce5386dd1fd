package io.faultline.benchmarks;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The lower bound for {@code faultline triage --json} on the JVM: everything triage must do to a log
 * <em>except</em> understanding it. It reads the file in 1 MiB chunks, finds every line end (eight bytes
 * at a time), reads each line's {@code [seconds.micros]} stamp, and for one line in {@code 1/EVERY}
 * writes a ready-made JSON fault object of triage's average size with that line's number and stamp.
 * No family is recognised, no field decoded, no fault built, no summary kept.
 *
 * <p>{@code benchmarks/triage-vs-grep.sh} times it beside {@code grep -c} and triage on the same file:
 * whatever this costs over grep, a real parser cannot avoid.
 *
 * <p>usage: {@code java -cp faultline-benchmarks.jar io.faultline.benchmarks.TriageFloor LOG [FAULTS LINES]}:
 * writes {@code FAULTS} objects per {@code LINES} lines (default 1 per 2, about triage's rate on the
 * generated log); {@code 0 1} writes nothing.
 */
public final class TriageFloor {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    /** A real object from triage's output, split where the line number and stamp go; 332 bytes with both. */
    private static final byte[] HEAD = ("{\"family\":\"intel-vtd\",\"device\":\"0000:00:02.0\",\"pasid\":null,"
            + "\"address\":\"0x9c000000\",\"access\":\"read\",\"reasonCode\":6,\"reasonText\":\"PTE Read access is not set\","
            + "\"stage\":\"PTE\",\"type\":\"UNRECOVERABLE\",\"line\":").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIDDLE = (",\"requesterId\":\"0x10\",\"reason\":\"0x6 PTE Read access is not set\","
            + "\"source\":\"DMAR\",\"time\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "\",\"culprit\":\"DEVICE_DRIVER\",\"truncated\":false}\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final int faults;
    private final int per;
    private final byte[] ob = new byte[1 << 16];
    private int op;
    private long lines;
    private long written;
    private long micros;

    private TriageFloor(OutputStream out, int faults, int per) {
        this.out = out;
        this.faults = faults;
        this.per = per;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: TriageFloor LOG [FAULTS LINES]");
            System.exit(2);
        }
        int faults = args.length == 3 ? Integer.parseInt(args[1]) : 1;
        int per = args.length == 3 ? Integer.parseInt(args[2]) : 2;
        TriageFloor f = run(Path.of(args[0]), new FileOutputStream(FileDescriptor.out), faults, per);
        System.err.printf("floor: %d lines, %d objects, last stamp %d us%n", f.lines, f.written, f.micros);
    }

    /** Reads {@code log} and writes {@code faults} objects per {@code per} lines to {@code out}. */
    static TriageFloor run(Path log, OutputStream out, int faults, int per) throws IOException {
        TriageFloor f = new TriageFloor(out, faults, per);
        f.read(log);
        return f;
    }

    long lines() {
        return lines;
    }

    long written() {
        return written;
    }

    /** The digits of the last line's stamp as one number (micros for a {@code [s.uuuuuu]} stamp). */
    long lastStamp() {
        return micros;
    }

    private void read(Path log) throws IOException {
        byte[] buf = new byte[1 << 20];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        int carry = 0;
        try (FileChannel ch = FileChannel.open(log)) {
            for (;;) {
                bb.clear().position(carry);
                int n = ch.read(bb);
                if (n < 0) {
                    break;
                }
                int end = carry + n;
                int i = 0;
                for (int j; (j = lineEnd(buf, i, end)) < end; i = j + 1) {
                    line(buf, i, j);
                }
                carry = end - i;
                if (carry == buf.length) {
                    throw new IOException("line longer than " + buf.length + " bytes");
                }
                System.arraycopy(buf, i, buf, 0, carry);
            }
        }
        if (carry > 0) {
            line(buf, 0, carry);
        }
        out.write(ob, 0, op);
        out.flush();
    }

    /** The first '\n' at or after {@code i}, or {@code end}: a word at a time (the zero-byte trick). */
    private static int lineEnd(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long hit = (x - ONES) & ~x & HIGHS;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        while (i < end && b[i] != '\n') {
            i++;
        }
        return i;
    }

    private void line(byte[] b, int from, int to) throws IOException {
        long no = ++lines;
        int k = from;
        if (k < to && b[k] == '[') {
            k++;
            while (k < to && b[k] == ' ') {
                k++;
            }
        }
        int stamp = k;
        long v = 0;
        for (; k < to && b[k] != ']'; k++) {
            int d = b[k] - '0';
            if (d >= 0 && d <= 9) {
                v = v * 10 + d;
            }
        }
        micros = v;
        if (no % per < faults) {
            if (op + HEAD.length + MIDDLE.length + TAIL.length + 20 + (k - stamp) > ob.length) {
                out.write(ob, 0, op);
                op = 0;
            }
            op = put(HEAD, op);
            op = putDecimal(no, op);
            op = put(MIDDLE, op);
            System.arraycopy(b, stamp, ob, op, k - stamp);
            op += k - stamp;
            op = put(TAIL, op);
            written++;
        }
    }

    private int put(byte[] s, int at) {
        System.arraycopy(s, 0, ob, at, s.length);
        return at + s.length;
    }

    private int putDecimal(long v, int at) {
        int digits = 1;
        for (long p = 10; p <= v && digits < 19; p *= 10) {
            digits++;
        }
        for (int k = at + digits - 1; k >= at; k--) {
            ob[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }
}
