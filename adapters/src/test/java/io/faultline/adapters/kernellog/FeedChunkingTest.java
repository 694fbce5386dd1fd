package io.faultline.adapters.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property test of the byte path ({@link KernelLogParser#feed}): random logs of real sample lines under
 * random prefixes, noise, garbage, invalid UTF-8, LF/CR/CRLF and over-long lines, fed in random chunk
 * sizes, report exactly what the same bytes report in one chunk, never throw, and count one line per
 * terminator (CRLF is one) plus one for a final partial line. Seeded, so a failure repeats; the seed is
 * in the message.
 */
class FeedChunkingTest {
    private static final String[] PREFIXES = {"", "", "[  196.747107] ", "[  +0.000462] ", "kern  :err   : ",
        "[  196.747107] myhost kernel: ", "3,1234,1000000,-;", "<3>", "Nov 27 15:59:39 myhost kernel: ",
        "2024-05-01T10:30:00 host kernel: ", "[pid:134,cpu0,irq/13-foo] ", "0x123477BBFA |   1263.468579: "};
    private static final String[] NOISE = {"random noise line", "usb 1-1: new high-speed USB device number 2",
        "kauditd_printk_skb: 12 callbacks suppressed", "dmar_fault: 7 callbacks suppressed",
        "printk: 3 output lines suppressed due to ratelimiting", "arm-smmu-v3 arm-smmu-v3.0.auto: ias 48-bit"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {0}};

    private static List<String> sampleLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode s : KernelLogSamplesTest.samples()) {
            for (String l : s.get("text").asText().split("\n", -1)) {
                out.add(l);
            }
        }
        return out;
    }

    private static byte[] randomLog(Random rnd, List<String> samples) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int lines = 1 + rnd.nextInt(120);
        for (int i = 0; i < lines; i++) {
            int kind = rnd.nextInt(20);
            String prefix = PREFIXES[rnd.nextInt(PREFIXES.length)];
            if (kind < 10) {
                b.writeBytes((prefix + samples.get(rnd.nextInt(samples.size()))).getBytes(StandardCharsets.UTF_8));
            } else if (kind < 13) {
                b.writeBytes((prefix + NOISE[rnd.nextInt(NOISE.length)]).getBytes(StandardCharsets.UTF_8));
            } else if (kind < 16) { // a sample line with garbage or invalid UTF-8 spliced in
                byte[] l = (prefix + samples.get(rnd.nextInt(samples.size()))).getBytes(StandardCharsets.UTF_8);
                int at = rnd.nextInt(l.length + 1);
                b.write(l, 0, at);
                if (rnd.nextBoolean()) {
                    b.writeBytes(BAD_UTF8[rnd.nextInt(BAD_UTF8.length)]);
                } else {
                    byte[] junk = new byte[rnd.nextInt(12)];
                    rnd.nextBytes(junk);
                    b.writeBytes(junk);
                }
                b.write(l, at, l.length - at);
            } else if (kind < 18) {
                byte[] junk = new byte[rnd.nextInt(300)];
                rnd.nextBytes(junk);
                b.writeBytes(junk);
            } else if (kind < 19) { // over the limit, with or without a fault in it
                String head = rnd.nextBoolean() ? samples.get(rnd.nextInt(samples.size())) : "";
                b.writeBytes((head + "x".repeat(KernelLogParser.MAX_LINE_CHARS - 20 + rnd.nextInt(KernelLogParser.MAX_LINE_CHARS)))
                        .getBytes(StandardCharsets.UTF_8));
            } // else: an empty line
            if (i < lines - 1 || rnd.nextBoolean()) { // sometimes a final partial line
                int t = rnd.nextInt(4);
                b.writeBytes(t == 0 ? new byte[] {'\r', '\n'} : t == 1 ? new byte[] {'\r'} : new byte[] {'\n'});
            }
        }
        return b.toByteArray();
    }

    /** Line terminators (CRLF once) plus one for bytes after the last. */
    private static long expectedLines(byte[] b) {
        long n = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r' || (b[i] == '\n' && (i == 0 || b[i - 1] != '\r'))) {
                n++;
            }
        }
        return n + (b.length > 0 && b[b.length - 1] != '\n' && b[b.length - 1] != '\r' ? 1 : 0);
    }

    private record Result(String report, long lines, long faults, long unparsed) {
    }

    private static Result feed(byte[] b, Random chunks) {
        Collector c = new Collector();
        KernelLogParser p = new KernelLogParser(c);
        int i = 0;
        while (i < b.length) {
            int n = chunks == null ? b.length : Math.min(b.length - i, chunks.nextInt(8) == 0 ? 1 + chunks.nextInt(4096) : 1 + chunks.nextInt(24));
            p.feed(b, i, n);
            i += n;
        }
        p.endOfInput();
        StringBuilder r = new StringBuilder();
        for (LogRecord f : c.faults) {
            r.append(f).append(" | ").append(f.source()).append(" | ").append(f.reasonText()).append(" | ").append(f.stamp())
                    .append(" | ").append(f.seconds()).append(" | ").append(f.instant()).append(" | ").append(f.text()).append('\n');
        }
        r.append(c.unparsed).append('\n').append(c.suppressed).append('\n').append(c.overflows);
        return new Result(r.toString(), p.lines(), p.faults(), p.unparsedCount());
    }

    @Test
    void randomChunksReportWhatOneChunkReports() throws IOException {
        List<String> samples = sampleLines();
        long faults = 0;
        for (long seed = 1; seed <= 150; seed++) {
            Random rnd = new Random(seed);
            byte[] log = randomLog(rnd, samples);
            Result whole = feed(log, null);
            Result chunked = feed(log, rnd);
            long s = seed;
            assertEquals(whole, chunked, () -> "seed " + s);
            assertEquals(expectedLines(log), whole.lines(), () -> "seed " + s + ": lines");
            faults += whole.faults();
        }
        assertTrue(faults > 150, "the logs hold faults: " + faults);
    }
}
