package io.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code triage --json} must stay byte-identical while the parser is made faster.
 * {@code differential/corpus.log} (built by {@code cli/scripts/make-diff-corpus.py}: every real sample,
 * the log-line literals of the tests, and seeded mutations — truncations, garbage bytes, invalid UTF-8,
 * non-BMP text, CR/CRLF endings, lines around the 16 KiB limit) was first run through the jar built from
 * commit 10ab465, before the byte-level work; its output is {@code differential/corpus.expected.json}.
 * Regenerate the expectation only from code known to be right, never from the code under test, and
 * check every changed record. Changes so far: the {@code file}, {@code firstFile} and {@code lastFile}
 * fields (checked to equal the old expectation with them removed); and, from the prefix and join fixes,
 * one DMAR record joined with its reason line across a noise line, one record's source read past an
 * ISO-stamp prefix, six non-IOMMU rate-limit sources no longer counted, and fourteen records without a
 * device prefix reported later (same content); from the family fixes, 44 SoC records with the reason
 * text their line prints, seven DMAR lines that mix kernel eras now unparsed (369 faults, 651 unparsed);
 * and printk's "N output lines suppressed" (a /dev/kmsg writer's lines, never faults) no longer counted.
 */
class TriageDifferentialTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TriageDifferentialTest.class.getResourceAsStream("/differential/" + name)) {
            return in.readAllBytes();
        }
    }

    /** The CLI's raw stdout bytes for {@code stdin}, as the jar writes them. */
    private static byte[] triageJson(InputStream stdin) {
        FaultlineCli cli = new FaultlineCli(stdin);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cli.stdout = out;
        CommandLine cl = FaultlineCli.commandLine(cli);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("triage", "--json");
        assertEquals(FaultlineCli.FOUND, exit, err::toString);
        return out.toByteArray();
    }

    @Test
    void jsonOutputIsByteIdenticalToThePreChangeCode() throws IOException {
        byte[] expected = resource("corpus.expected.json");
        byte[] actual = triageJson(new ByteArrayInputStream(resource("corpus.log")));
        assertArrayEquals(expected, actual, () -> firstDifference(expected, actual));
    }

    @Test
    void sameBytesWhenTheInputArrivesInRandomSmallChunks() throws IOException {
        byte[] expected = resource("corpus.expected.json");
        for (long seed = 1; seed <= 3; seed++) {
            byte[] actual = triageJson(new Chunked(resource("corpus.log"), new Random(seed)));
            long s = seed;
            assertArrayEquals(expected, actual, () -> "seed " + s + ": " + firstDifference(expected, actual));
        }
    }

    private static String firstDifference(byte[] a, byte[] b) {
        int i = 0;
        while (i < a.length && i < b.length && a[i] == b[i]) {
            i++;
        }
        int from = Math.max(0, i - 200);
        return "first difference at byte " + i + "\nexpected: " + new String(a, from, Math.min(a.length, i + 200) - from,
                java.nio.charset.StandardCharsets.UTF_8) + "\nactual:   " + new String(b, from,
                Math.min(b.length, i + 200) - from, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Hands out the bytes 1 to 300 at a time, so chunk boundaries fall inside lines, keys and CRLFs. */
    private static final class Chunked extends InputStream {
        private final byte[] data;
        private final Random rnd;
        private int pos;

        Chunked(byte[] data, Random rnd) {
            this.data = data;
            this.rnd = rnd;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + rnd.nextInt(300)), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
