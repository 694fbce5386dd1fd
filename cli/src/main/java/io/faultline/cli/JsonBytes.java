package io.faultline.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A growing UTF-8 byte buffer with the few JSON pieces {@link JsonReport} writes per fault, so that
 * millions of fault objects cost no generator state, no char-to-byte encoder and no String. String
 * values are escaped exactly as Jackson's default generator escapes them ({@code \"}, {@code \\},
 * {@code \b \t \n \f \r}, other controls as backslash-u and four uppercase hex digits; nothing else).
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private byte[] buf;
    private int len;

    JsonBytes() {
        this(1 << 16);
    }

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    int size() {
        return len;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** Bytes known to need no escaping (field names with their quotes and colon, punctuation). */
    JsonBytes raw(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    JsonBytes raw(char c) {
        room(1);
        buf[len++] = (byte) c;
        return this;
    }

    JsonBytes nul() {
        return raw(NULL);
    }

    /** A quoted, escaped string, or {@code null}. */
    JsonBytes string(String s) {
        if (s == null) {
            return nul();
        }
        int n = s.length();
        room(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
            } else {
                escaped(s, i);
                return raw('"');
            }
        }
        buf[len++] = '"';
        return this;
    }

    /** The rest of {@code s} from {@code from}, which needs escaping or UTF-8 encoding. */
    private void escaped(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            room(6);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                buf[len++] = '\\';
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                buf[len++] = '\\';
                switch (c) {
                    case '\b' -> buf[len++] = 'b';
                    case '\t' -> buf[len++] = 't';
                    case '\n' -> buf[len++] = 'n';
                    case '\f' -> buf[len++] = 'f';
                    case '\r' -> buf[len++] = 'r';
                    default -> {
                        buf[len++] = 'u';
                        buf[len++] = '0';
                        buf[len++] = '0';
                        buf[len++] = HEX_UPPER[c >> 4];
                        buf[len++] = HEX_UPPER[c & 0xf];
                    }
                }
            } else {
                int end = i + 1;
                while (end < n && s.charAt(end) >= 0x80) {
                    end++;
                }
                byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                raw(utf8);
                i = end - 1;
            }
        }
    }

    /** A JSON number. */
    JsonBytes number(long v) {
        if (v < 0 || v > Integer.MAX_VALUE) { // rare here (line numbers, counts)
            return raw(Long.toString(v).getBytes(StandardCharsets.ISO_8859_1));
        }
        int x = (int) v; // int division is cheaper than long
        int digits = 1;
        for (int t = x; t >= 10; t /= 10) {
            digits++;
        }
        room(digits);
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + x % 10);
            x /= 10;
        }
        len += digits;
        return this;
    }

    /** {@code "0x..."}: lowercase hex digits without leading zeros, as {@code Long.toHexString}. */
    JsonBytes hex(long v) {
        int n = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 3) / 4);
        room(n + 4);
        buf[len++] = '"';
        buf[len++] = '0';
        buf[len++] = 'x';
        for (int i = len + n - 1; i >= len; i--) {
            buf[i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        len += n;
        buf[len++] = '"';
        return this;
    }

    JsonBytes bool(boolean b) {
        return raw(b ? TRUE : FALSE);
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /** {@code s} as the bytes {@link #string(String)} writes, for values written again and again. */
    static byte[] quoted(String s) {
        JsonBytes b = new JsonBytes(s.length() + 2); // grows if escaping needs more
        b.string(s);
        return java.util.Arrays.copyOf(b.buf, b.len);
    }

    /** Like {@link #quoted}, or {@code null} for null. */
    static byte[] quotedOrNull(String s) {
        return s == null ? NULL.clone() : quoted(s);
    }

    /** {@code ,"name":} (or without the comma for the first field) as bytes, for {@link #raw(byte[])}. */
    static byte[] field(String name, boolean first) {
        return ((first ? "{" : ",") + "\"" + name + "\":").getBytes(StandardCharsets.ISO_8859_1);
    }
}
