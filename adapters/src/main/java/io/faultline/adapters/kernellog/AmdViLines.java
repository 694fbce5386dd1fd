package io.faultline.adapters.kernellog;

import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.UnrecoverableFault;

/**
 * AMD-Vi {@code Event logged [...]} lines of every event and era (amd-vi.md §5): one line, the
 * split over two records ({@code Event logged [} then the event text), the PCI-segment form, the
 * SEV-SNP comma form, and {@code UNKNOWN event[0]=...} without its closing bracket.
 */
final class AmdViLines {
    private AmdViLines() {
    }

    private static final String KEY = "Event logged [";

    /** Texts whose presence sends a line here: the head, the overflow notice, every event name (split second halves). */
    static final String[] KEYS = {KEY, "IO_PAGE_FAULT", "log overflow", "ILLEGAL_DEV_TABLE_ENTRY", "DEV_TAB_HARDWARE_ERROR",
        "PAGE_TAB_HARDWARE_ERROR", "ILLEGAL_COMMAND_ERROR", "COMMAND_HARDWARE_ERROR", "IOTLB_INV_TIMEOUT",
        "INVALID_DEVICE_REQUEST", "INVALID_PPR_REQUEST", "EVENT_COUNTER_ZERO", "RMP_PAGE_FAULT", "RMP_HW_ERROR", "UNKNOWN"};

    static boolean mentions(String s) {
        return s.contains(KEY) || s.contains("IO_PAGE_FAULT");
    }

    static boolean head(LogLine l, Out out) {
        int k = l.raw.indexOf(KEY, l.bodyFrom); // in place: the event text runs to the end of the raw line too
        if (k >= 0) {
            String rest = l.raw.substring(k + KEY.length()).trim();
            if (rest.isEmpty()) {
                out.open(new Split(l));
            } else if (rest.startsWith("Device not attached")) {
                return true; // look-alike: no address, no flags
            } else {
                event(rest, l, l, l.raw, out, null);
            }
            return true;
        }
        String b = l.body();
        if (b.contains("AMD-Vi") && b.contains("log overflow")) {
            out.overflow(l);
            return true;
        }
        if (startsWithEventName(l.text()) && l.text().indexOf('=') > 0) {
            event(l.text(), l, l, l.raw, out, "event text without its 'Event logged [' line");
            return true;
        }
        if (b.contains("IO_PAGE_FAULT")) {
            out.unparsed(l, "AMD-Vi: IO_PAGE_FAULT line in no Linux format");
            return true;
        }
        return false;
    }

    private static boolean startsWithEventName(String s) {
        int sp = s.indexOf(' ');
        String name = sp < 0 ? s : s.substring(0, sp);
        return AmdViEvents.code(name) > 0 || name.equals("UNKNOWN");
    }

    /** Decodes one event text ({@code IO_PAGE_FAULT device=... flags=0x0070]}). */
    static void event(String ev, LogLine head, LogLine first, String raw, Out out, String note) {
        String s = ev.strip();
        boolean closed = s.endsWith("]");
        int n = s.length(); // the text read: without the ']' and the whitespace before it (strip's), not a copy of it
        if (closed) {
            n--;
            while (n > 0 && Character.isWhitespace(s.charAt(n - 1))) {
                n--;
            }
        }
        int sp = s.indexOf(' ');
        if (sp >= n) {
            sp = -1;
        }
        String name = sp < 0 ? s.substring(0, n) : s.substring(0, sp);
        if (!isEventName(name)) {
            out.unparsed(first.no, raw, "AMD-Vi: event text matches no known format");
            return;
        }
        try {
            int code = AmdViEvents.code(name);
            String dev = null;
            long address = -1; // unboxed: the field's absence is a flag, not a null
            boolean hasAddress = false;
            int flags = 0;
            boolean hasFlags = false; // hex12 passes a 16-digit value that wraps negative: no sentinel value
            long pasid = -1;
            boolean hasPasid = false;
            long[] dw = null; // only UNKNOWN events print their words
            int dws = 0;
            int i = sp < 0 ? n : sp;
            while (i < n) {
                while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                int end = s.indexOf(' ', i);
                if (end < 0 || end > n) {
                    end = n;
                }
                int tokEnd = s.charAt(end - 1) == ',' ? end - 1 : end;
                int tokStart = i;
                i = end;
                int eq = s.indexOf('=', tokStart);
                if (eq < 0 || eq >= tokEnd) {
                    eq = -1;
                }
                if (eq <= tokStart) {
                    throw new LineFormatException("AMD-Vi: '" + cut(s.substring(tokStart, tokEnd)) + "' is not a field=value in "
                            + name);
                }
                // the common fields without a substring for the token, its key or its value
                int v = eq + 1;
                if (is(s, tokStart, eq, "device")) {
                    dev = s.substring(v, tokEnd);
                } else if (is(s, tokStart, eq, "address")) {
                    address = Num.hex0x(s, v, tokEnd, "address");
                    hasAddress = true;
                } else if (is(s, tokStart, eq, "flags")) {
                    flags = hex12(s, v, tokEnd);
                    hasFlags = true;
                } else if (is(s, tokStart, eq, "domain")) {
                    Num.hex0x(s, v, tokEnd, "domain");
                } else {
                    String key = s.substring(tokStart, eq);
                    String val = s.substring(v, tokEnd);
                    switch (key) {
                        case "gpa" -> {
                            address = Num.hex0x(val, key);
                            hasAddress = true;
                        }
                        case "spa" -> {
                            address = Num.hex0x(val, key) & ~7L;
                            hasAddress = true;
                        }
                        case "pasid" -> {
                            pasid = Num.hex0x(val, key);
                            hasPasid = true;
                        }
                        case "tag", "vmg_tag", "flags_rmp" -> Num.hex0x(val, key);
                        case "type" -> code = code < 0 ? (int) (Num.hex0x(val, key) & 0xf) : code;
                        case "event[0]", "event[1]", "event[2]", "event[3]" -> {
                            if (dw == null) {
                                dw = new long[4];
                            }
                            dw[key.charAt(6) - '0'] = Num.hex0x(val, key);
                            dws++;
                        }
                        default -> throw new LineFormatException("AMD-Vi: unknown field '" + cut(key) + "' in " + name);
                    }
                }
            }
            if (name.equals("UNKNOWN")) {
                if (dws == 4) {
                    Fault f = AmdViEvents.decode(dw); // the raw entry: decode it with the event-log decoder
                    int rid = f.requesterId();
                    String device = f.hasRequesterId() ? Bdf.format(0, rid >>> 8, (rid >>> 3) & 0x1f, rid & 7) : null;
                    out.fault(new LogRecord(f, device, head.hasDevice() ? head.source() : "AMD-Vi", null, name, first,
                            raw, false, note));
                    return;
                }
                if (code < 0) {
                    throw new LineFormatException("AMD-Vi: UNKNOWN event without event words");
                }
            } else if (code < 0) {
                throw new LineFormatException("AMD-Vi: unknown event name '" + name + "'");
            } else if (!closed) {
                throw new LineFormatException("AMD-Vi: " + name + " line without its closing ']'");
            }
            if (hasFlags && (flags & AmdViEvents.reservedFlags(code)) != 0) {
                // the hardware never writes them (the event decoder rejects such an entry): a corrupt or mixed line
                throw new LineFormatException("AMD-Vi: " + name + " flags=0x" + Integer.toHexString(flags)
                        + " sets reserved bits 0x" + Integer.toHexString(flags & AmdViEvents.reservedFlags(code)));
            }
            UnrecoverableFault.Builder b = UnrecoverableFault.builder(Family.AMD_VI);
            String device = null;
            if (dev != null) {
                device = bdf(dev, b);
            } else if (head.device() != null && Bdf.shaped(head.device())) { // a PCI name, in range or not
                device = bdf(head.device(), b);
            }
            if (hasAddress && code != 0xa) {
                b.address(address);
            }
            if (hasPasid && hasFlags && AmdViEvents.hasPasid(code, flags)) {
                if (pasid > 0xfffff) {
                    throw new LineFormatException("AMD-Vi: pasid=0x" + Long.toHexString(pasid) + " exceeds 20 bits");
                }
                b.pasid((int) pasid);
            }
            b.access(!hasFlags ? Access.UNKNOWN : AmdViEvents.access(code, flags));
            b.stage(AmdViEvents.stage(code)).reason(AmdViEvents.reason(code));
            String source = head.hasDevice() ? head.source() : "AMD-Vi";
            out.fault(new LogRecord(b.build(), device, source, null, name, first, raw, false, note));
        } catch (LineFormatException e) {
            out.unparsed(first.no, raw, e.getMessage());
        }
    }

    private static boolean isEventName(String name) {
        if (name.length() < 3) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static int hex12(String s, int from, int to) throws LineFormatException {
        long f = Num.hex0x(s, from, to, "flags");
        if (f > 0xfff) {
            throw new LineFormatException("AMD-Vi: flags=" + s.substring(from, to) + " exceeds 12 bits");
        }
        return (int) f;
    }

    /** Whether {@code s[from..to)} is exactly {@code key}. */
    private static boolean is(String s, int from, int to, String key) {
        return to - from == key.length() && s.startsWith(key, from);
    }

    /** A printed PCI name (a {@code device=} value or the prefix's device), range-checked; its id goes to {@code b}. */
    private static String bdf(String s, UnrecoverableFault.Builder b) throws LineFormatException {
        if (!Bdf.shaped(s)) {
            throw new LineFormatException("AMD-Vi: device '" + s + "' is not seg:bus:dev.fn");
        }
        String d = Bdf.checked(s, "AMD-Vi");
        b.requesterId(Bdf.rid(d));
        return d;
    }

    /** {@code AMD-Vi: Event logged [} alone: the event text follows as the next record of the same source. */
    private static final class Split extends Pending {
        private boolean done;

        Split(LogLine first) {
            super(first);
        }

        @Override
        boolean offer(LogLine l, Out out) {
            if (!startsWithEventName(l.text())) {
                return false;
            }
            take(l);
            done = true;
            event(l.text(), first, first, text(), out, null);
            return true;
        }

        @Override
        boolean complete() {
            return done;
        }

        @Override
        void close(Out out) {
            if (!done) {
                out.unparsed(first.no, text(), "AMD-Vi: 'Event logged [' without its event text");
            }
        }
    }
}
