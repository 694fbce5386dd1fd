package io.faultline.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor must see every line (its word-at-a-time line search is the part that can go wrong). */
class TriageFloorTest {
    @TempDir
    Path dir;

    @Test
    void countsEveryLineAndWritesOneObjectPerSelectedLine() throws IOException {
        StringBuilder log = new StringBuilder();
        int n = 0;
        for (int i = 0; i < 3000; i++) { // line lengths 0..40 put line ends at every offset within a word
            log.append("[").append(i).append(".000001] ").append("x".repeat(i % 41)).append('\n');
            n++;
        }
        log.append("\n\n");
        n += 2;
        log.append("[7.000042] last line without a newline");
        n++;
        Path f = dir.resolve("log");
        Files.writeString(f, log, StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TriageFloor floor = TriageFloor.run(f, out, 1, 3);
        assertEquals(n, floor.lines());
        assertEquals(7000042, floor.lastStamp());
        String json = out.toString(StandardCharsets.US_ASCII);
        long objects = json.lines().count();
        assertEquals(floor.written(), objects);
        assertEquals(n / 3, objects); // line numbers 3, 6, 9, ...: no % 3 < 1
        assertTrue(json.contains("\"line\":3,"), json.substring(0, 400));
        assertTrue(json.contains("\"time\":\"2.000001\""), "stamp of line 3 copied");
    }

    @Test
    void writesNothingWhenAskedForNoObjects() throws IOException {
        Path f = dir.resolve("log");
        Files.writeString(f, "[1.5] a\n[2.5] b\n", StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TriageFloor floor = TriageFloor.run(f, out, 0, 1);
        assertEquals(2, floor.lines());
        assertEquals(0, out.size());
    }
}
