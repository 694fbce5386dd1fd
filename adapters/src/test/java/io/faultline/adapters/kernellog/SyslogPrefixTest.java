package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The hand-read syslog prefix ends where {@link LogLine#SYSLOG} would, on real forms and on random ones. */
class SyslogPrefixTest {
    private static final String[] REAL = {
        "Nov 27 15:59:39 myhost kernel: DMAR: x", "Nov  7 15:59:39 myhost kernel: [ 12.5] x",
        "Nov 27 15:59:39.123456 my-host.example kernel[0]: x", "Nov 27 15:59:39 myhost kernel:x",
        "Nov 27 15:59:39 myhost systemd[1]: x", "Nov 27 15:59:39 x", "Nov 27 15:59:39", "Nov 27 15:59:39.",
        "Nov 27 15:59:39 myhost kernel[12: x", "Nov 27 15:59:39 myhost kernel[]: x", "Nov 27 15:59:39  kernel: x",
        "Nov 27 1:59:39 x", "NOV 27 15:59:39 x", "Nov 27 15:59:39 myhost kernel", "Dec 31 23:59:59 h kernel[42]:  x",
    };
    private static final String[] PIECES = {"Nov", " ", "27", " 7", "15:59:39", ".", "123", " myhost", " kernel", "[", "]",
        "42", ":", "x", "-", "_", "Mo", "2"};

    private static int byRegex(String s, int i) {
        Matcher m = LogLine.SYSLOG.matcher(s).region(i, s.length());
        return m.lookingAt() ? m.end() : -1;
    }

    @Test
    void realFormsEndWhereThePatternEnds() {
        for (String s : REAL) {
            assertEquals(byRegex(s, 0), LogLine.Splitter.syslogEnd(s, 0, s.length()), s);
            assertEquals(byRegex("> " + s, 2), LogLine.Splitter.syslogEnd("> " + s, 2, s.length() + 2), s);
        }
    }

    @Test
    void randomFormsEndWhereThePatternEnds() {
        RandomLines lines = new RandomLines(3, REAL, PIECES, " 0123456789:.[]-_aZkN", 14);
        for (int t = 0; t < 200_000; t++) {
            String s = lines.next();
            assertEquals(byRegex(s, 0), LogLine.Splitter.syslogEnd(s, 0, s.length()), s);
        }
    }
}
