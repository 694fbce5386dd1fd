package io.faultline.adapters.kernellog;

/**
 * PCI function names {@code [ssss:]bb:dd.f}: formatting without {@link String#format} (it is on the
 * per-fault path), and the one range check every family applies to a printed name.
 */
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

    /**
     * Whether {@code s} has the shape of a PCI name, {@code [ssss:]bb:dd.x} in lowercase hex with one
     * hex digit {@code x}, whether or not its numbers are in range: such a name with a device above
     * 0x1f or a function above 7 is an absurd PCI name, not some other device's name.
     */
    static boolean shaped(String s) {
        int n = s.length();
        int o;
        if (n == 12) {
            if (Chars.lowerHex(s, 0, 4) < 0 || s.charAt(4) != ':') {
                return false;
            }
            o = 5;
        } else if (n == 7) {
            o = 0;
        } else {
            return false;
        }
        return Chars.lowerHex(s, o, 2) >= 0 && s.charAt(o + 2) == ':' && Chars.lowerHex(s, o + 3, 2) >= 0
                && s.charAt(o + 5) == '.' && Chars.lowerHexDigit(s.charAt(o + 6)) >= 0;
    }

    /**
     * The name of a {@link #shaped} {@code s} as {@code DDDD:BB:DD.F} (segment 0 when none is printed).
     *
     * @throws LineFormatException naming {@code family} when the device is above 0x1f or the function above 7
     */
    static String checked(String s, String family) throws LineFormatException {
        int o = s.length() == 12 ? 5 : 0;
        int dev = Chars.lowerHex(s, o + 3, 2);
        int fn = Chars.lowerHexDigit(s.charAt(o + 6));
        checkRange(family, dev, s.substring(o + 3, o + 5), fn, s.substring(o + 6, o + 7));
        return format(o == 0 ? 0 : Chars.lowerHex(s, 0, 4), Chars.lowerHex(s, o, 2), dev, fn);
    }

    /**
     * The range check itself, for readers that take the numbers apart; {@code devText} and
     * {@code fnText} are the device (hex) and function as printed, for the message.
     *
     * @throws LineFormatException naming {@code family} when the device is above 0x1f or the function above 7
     */
    static void checkRange(String family, int dev, String devText, int fn, String fnText) throws LineFormatException {
        if (dev > 0x1f) {
            throw new LineFormatException(family + ": device number 0x" + devText + " out of range (max 0x1f)");
        }
        if (fn > 7) {
            throw new LineFormatException(family + ": function " + fnText + " out of range (max 7)");
        }
    }

    /** The requester id (bus, device, function) of a name {@link #checked} returned. */
    static int rid(String bdf) {
        return Chars.lowerHex(bdf, 5, 2) << 8 | Chars.lowerHex(bdf, 8, 2) << 3 | (bdf.charAt(11) - '0');
    }
}
