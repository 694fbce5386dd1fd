package io.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.adapters.kernellog.KernelLogParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several files, standard input as {@code -}, gzip with --follow, and progress. */
class TriageInputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DMAR = "DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x%x "
            + "[fault reason 0x06] PTE Read access is not set\n";
    private static final String BAD = "DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0xzz "
            + "[fault reason 0x06] PTE Read access is not set\n";

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static List<JsonNode> objects(String out) throws IOException {
        List<JsonNode> r = new ArrayList<>();
        for (String line : out.split("\n")) {
            r.add(JSON.readTree(line));
        }
        return r;
    }

    @Test
    void lineNumbersCountWithinEachFileAndJsonNamesTheFile() throws IOException {
        Path a = write("a.log", "noise\n" + String.format(DMAR, 0x1000) + BAD);
        Path b = write("b.log", String.format(DMAR, 0x2000) + "noise\n" + BAD);
        Run r = Run.args("triage", "--json", a.toString(), b.toString());
        assertEquals(FaultlineCli.FOUND, r.exit, r::toString);
        List<JsonNode> o = objects(r.out);
        assertEquals(3, o.size(), r::toString);
        assertEquals(2, o.get(0).get("line").asLong());
        assertEquals(a.toString(), o.get(0).get("file").asText());
        assertEquals(1, o.get(1).get("line").asLong(), "line 1 of b.log, not line 4 of both");
        assertEquals(b.toString(), o.get(1).get("file").asText());
        JsonNode s = o.get(2).get("summary");
        assertEquals(6, s.get("lines").asLong());
        JsonNode dev = s.get("devices").get(0);
        assertEquals(a.toString(), dev.get("firstFile").asText());
        assertEquals(2, dev.get("firstLine").asLong());
        assertEquals(b.toString(), dev.get("lastFile").asText());
        assertEquals(1, dev.get("lastLine").asLong());
        JsonNode u = s.get("unparsed");
        assertEquals(a.toString(), u.get(0).get("file").asText());
        assertEquals(3, u.get(0).get("line").asLong());
        assertEquals(b.toString(), u.get(1).get("file").asText());
        assertEquals(3, u.get(1).get("line").asLong());

        Run text = Run.args("triage", a.toString(), b.toString());
        assertTrue(text.out.contains("  " + a + " line 3: "), text::toString);
        assertTrue(text.out.contains("  " + b + " line 3: "), text::toString);
    }

    @Test
    void aRecordNeverSpansTwoFiles() throws IOException {
        Path a = write("a.log", "AMD-Vi: Event logged [\n");
        Path b = write("b.log", "IO_PAGE_FAULT device=05:00.0 domain=0x0012 address=0x00000000ff6101b0 flags=0x0070]\n");
        Run r = Run.args("triage", "--json", a.toString(), b.toString());
        List<JsonNode> o = objects(r.out);
        assertEquals(2, o.size(), r::toString);
        assertEquals(b.toString(), o.get(0).get("file").asText(), "the second half is read on its own");
        assertEquals(1, o.get(0).get("line").asLong(), "its record starts in b.log, not at a.log's head");
        JsonNode u = o.get(1).get("summary").get("unparsed").get(0);
        assertEquals(a.toString(), u.get("file").asText(), "the head is closed at the end of its own file");
        assertEquals(1, u.get("line").asLong());
    }

    @Test
    void singleFileAndStandardInput() throws IOException {
        Path a = write("a.log", String.format(DMAR, 0x1000));
        JsonNode one = objects(Run.args("triage", "--json", a.toString()).out).get(0);
        assertEquals(a.toString(), one.get("file").asText());
        Run dash = Run.stdin(String.format(DMAR, 0x3000), "triage", "--json", a.toString(), "-");
        List<JsonNode> o = objects(dash.out);
        assertEquals(3, o.size(), dash::toString);
        assertTrue(o.get(1).get("file").isNull(), "standard input has no file name");
        assertEquals(1, o.get(1).get("line").asLong());
        assertEquals("0x3000", o.get(1).get("address").asText());
        Run onlyDash = Run.stdin(String.format(DMAR, 0x4000), "triage", "-");
        assertEquals(FaultlineCli.FOUND, onlyDash.exit, onlyDash::toString);
        assertTrue(onlyDash.out.startsWith("faultline triage: 1 fault on 1 device"), onlyDash::toString);
    }

    @Test
    void followRefusesGzipWithAClearError() throws IOException {
        Path gz = tmp.resolve("x.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(String.format(DMAR, 0x1000).getBytes(StandardCharsets.US_ASCII));
        }
        Run r = Run.args("triage", "--follow", "--follow-stop-after", "100", gz.toString());
        assertEquals(FaultlineCli.ERROR, r.exit, r::toString);
        assertTrue(r.err.contains("--follow cannot tail") && r.err.contains("gzip"), r::toString);
        Run plain = Run.args("triage", gz.toString());
        assertEquals(FaultlineCli.FOUND, plain.exit, "without --follow the gzip file is read: " + plain);
    }

    @Test
    void followWaitsForAFileThatDoesNotExistYet() throws Exception {
        Path later = tmp.resolve("later.log");
        java.util.concurrent.CompletableFuture<Run> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Run.args("triage", "--follow", "--follow-stop-after", "3000", later.toString()));
        Thread.sleep(600);
        Files.writeString(later, String.format(DMAR, 0x5000));
        Run r = run.get();
        assertEquals(FaultlineCli.FOUND, r.exit, r::toString);
        assertTrue(r.out.contains("faultline triage: 1 fault"), r::toString);
    }

    @Test
    void progressFollowsStandardErrorOnly() {
        assertTrue(LogInput.isTerminalDevice("/dev/pts/3"));
        assertTrue(LogInput.isTerminalDevice("/dev/tty1"));
        assertFalse(LogInput.isTerminalDevice("pipe:[48213]"));
        assertFalse(LogInput.isTerminalDevice("/tmp/err.txt"));
        assertFalse(LogInput.isTerminalDevice("/dev/null"));
    }

    @Test
    void progressGoesToTheGivenWriterForBigEnoughFiles() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            log.append(String.format(DMAR, 0x1000 + i));
        }
        Path f = write("big.log", log.toString());
        StringWriter shown = new StringWriter();
        KernelLogParser parser = new KernelLogParser(new Triage(null, null, r -> { }));
        LogInput.parseFile(f, parser, new PrintWriter(shown, true), 1, 0);
        assertTrue(shown.toString().contains("big.log: "), shown::toString);
        assertTrue(shown.toString().contains("%"), shown::toString);
        assertTrue(shown.toString().endsWith("big.log: done          \n"), shown::toString);
        assertEquals(2000, parser.faults());
        StringWriter none = new StringWriter();
        LogInput.parseFile(f, new KernelLogParser(new Triage(null, null, r -> { })), new PrintWriter(none, true),
                Files.size(f) + 1, 0);
        assertEquals("", none.toString(), "below the size threshold nothing is shown");
    }
}
