package io.faultline.adapters.kernellog;

/** {@code DDDD:BB:DD.F} without {@link String#format} (it is on the per-fault path). */
final class Bdf {
    private Bdf() {
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String format(int segment, int bus, int dev, int fn) {
        char[] c = {HEX[(segment >> 12) & 0xf], HEX[(segment >> 8) & 0xf], HEX[(segment >> 4) & 0xf], HEX[segment & 0xf],
            ':', HEX[(bus >> 4) & 0xf], HEX[bus & 0xf], ':', HEX[(dev >> 4) & 0xf], HEX[dev & 0xf], '.',
            (char) ('0' + (fn & 7))};
        return new String(c);
    }
}
