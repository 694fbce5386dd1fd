package io.faultline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline triage} run in-process on the real samples. */
class TriageCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static String resource(String name) throws IOException {
        try (InputStream in = TriageCommandTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path samplesLog() throws IOException {
        Path p = tmp.resolve("samples.log");
        Files.writeString(p, resource("samples.log"));
        return p;
    }

    @Test
    void textSummaryPerDeviceWithCulpritActionAndSuppressedNote() throws IOException {
        Run r = Run.args("triage", samplesLog().toString());
        assertEquals(FaultlineCli.FOUND, r.exit, r::toString);
        assertTrue(r.out.startsWith("faultline triage: 9 faults on 8 devices"), r::toString);
        for (String dev : List.of("0000:00:02.0", "0000:00:12.0", "0000:01:00.0", "0000:05:00.0", "0000:20:00.0",
                "arm-smmu-v3 arm-smmu-v3.0.auto requester 0x180", "arm-smmu 5000000.iommu requester 0x409",
                "rk_iommu ff650800.iommu")) {
            assertTrue(r.out.contains("\n" + dev + "  ["), () -> dev + " missing\n" + r);
        }
        assertTrue(r.out.contains("culprit: PGD -> GUEST_IOMMU_DRIVER, PTE -> DEVICE_DRIVER"), r::toString);
        assertTrue(r.out.contains("action:  STOP_ADDRESS_SPACE (worst stage PGD)"), r::toString);
        assertTrue(r.out.contains("0.938401 .. 144.480641"), "first/last are the earliest and latest times");
        assertTrue(r.out.contains("suppressed 893 more"), r::toString);
        assertFalse(r.out.contains("Unparsed"), r::toString);
        assertTrue(r.out.contains("Overflow: fault records were lost (1 notice(s))"), "DRHD status 3 has PFO set");
    }

    @Test
    void everySampleThroughJsonMatchesItsExpectedFields() throws IOException {
        for (String line : resource("kernel-logs.jsonl").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode sample = JSON.readTree(line);
            JsonNode exp = sample.get("expected");
            Run r = Run.stdin(sample.get("text").asText() + "\n", "triage", "--json");
            List<JsonNode> objs = new ArrayList<>();
            for (String o : r.out.split("\n")) {
                objs.add(JSON.readTree(o));
            }
            JsonNode summary = objs.remove(objs.size() - 1).get("summary");
            String id = sample.get("id").asText();
            if (!exp.get("fault").asBoolean()) {
                assertEquals(0, objs.size(), id);
                assertEquals(FaultlineCli.OK, r.exit, id);
                continue;
            }
            assertEquals(FaultlineCli.FOUND, r.exit, id);
            assertEquals(1, objs.size(), id);
            assertEquals(1, summary.get("faults").asInt(), id);
            JsonNode f = objs.get(0);
            for (String field : List.of("device", "pasid", "address", "access", "reasonCode", "reasonText", "type")) {
                assertEquals(exp.get(field), f.get(field), id + " " + field);
            }
            String stage = exp.get("stage").asText();
            assertEquals(stage.equals("UNKNOWN") ? "NONE" : stage, f.get("stage").asText(), id);
            assertEquals(1, f.get("line").asInt(), id);
            String family = sample.get("family").asText();
            assertEquals(family.equals("intel-dmar") ? "intel-vtd" : family.equals("rockchip") ? "rockchip-iommu" : family,
                    f.get("family").asText(), id);
        }
    }

    @Test
    void jsonSummaryCountsSuppressedAndListsUnparsed() throws IOException {
        String log = resource("samples.log") + "DMAR: [DMA Read] Request device [00:40.0] fault addr 1000 [fault reason 06] x\n";
        Run r = Run.stdin(log, "triage", "--json");
        String[] lines = r.out.split("\n");
        JsonNode summary = JSON.readTree(lines[lines.length - 1]).get("summary");
        assertEquals(9, summary.get("faults").asInt());
        assertEquals(893, summary.get("suppressed").get("dmar_fault").asInt());
        assertTrue(summary.get("countsAreLowerBounds").asBoolean());
        assertEquals(1, summary.get("unparsedCount").asInt());
        assertEquals(19, summary.get("unparsed").get(0).get("line").asInt());
        assertEquals(8, summary.get("devices").size());
        assertEquals(10, lines.length, "9 faults and the summary");
    }

    @Test
    void gzipAndStdinGiveTheSameAnswer() throws IOException {
        Path gz = tmp.resolve("log.1.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(resource("samples.log").getBytes(StandardCharsets.UTF_8));
        }
        Run zipped = Run.args("triage", gz.toString());
        Run stdin = Run.stdin(resource("samples.log"), "triage");
        Run plain = Run.args("triage", samplesLog().toString());
        assertEquals(plain.out, zipped.out);
        assertEquals(plain.out, stdin.out);
        assertEquals(FaultlineCli.FOUND, zipped.exit);
    }

    @Test
    void unparsedFaultLinesAreListedWithLineAndReasonAndCountAsFound() {
        Run r = Run.stdin("noise\n(XEN) [VT-D]DMAR:[DMA Read] Request device [0000:00:02.0] fault addr 8e43c000, iommu reg = 0\n",
                "triage");
        assertEquals(FaultlineCli.FOUND, r.exit, r::toString);
        assertTrue(r.out.contains("Unparsed fault lines (1):\n  line 2: DMAR: 'Request device' line matches no known format"),
                r::toString);
    }

    @Test
    void smmuV3CommandQueueErrorDumpIsNoFaultAndExitZero() {
        String p = "[ 10.5] arm-smmu-v3 arm-smmu-v3.0.auto: ";
        Run r = Run.stdin(p + "CMDQ error (cons 0x01000022): Illegal command\n" + p + "skipping command in error state:\n"
                + p + "\t0x0000000000000000\n" + p + "\t0x0000000000000000\n", "triage", "--json");
        assertEquals(FaultlineCli.OK, r.exit, r::toString);
        assertTrue(r.out.contains("\"unparsedCount\":0"), r::toString);
    }

    @Test
    void noFaultsIsExitZero() {
        Run r = Run.stdin("[    2.052762] AMD-Vi: Interrupt remapping enabled\n", "triage");
        assertEquals(FaultlineCli.OK, r.exit, r::toString);
        assertTrue(r.out.contains("0 faults"));
    }

    @Test
    void usageAndIoErrorsAreExitTwo() {
        assertEquals(FaultlineCli.ERROR, Run.args("triage", "--bogus").exit);
        assertEquals(FaultlineCli.ERROR, Run.args("triage", tmp.resolve("missing.log").toString()).exit);
        Run bad = Run.args("triage", "--since", "yesterday-ish");
        assertEquals(FaultlineCli.ERROR, bad.exit);
        assertTrue(bad.err.contains("--since"), bad::toString);
        assertEquals(FaultlineCli.ERROR, Run.args().exit, "no command");
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Run r = Run.args("triage", "--help");
        assertEquals(0, r.exit);
        assertTrue(r.out.contains("Exit codes:"), r::toString);
        assertTrue(r.out.contains("1   faults or unparsed fault lines found"), r::toString);
    }

    @Test
    void sinceAndUntilFilterByKernelSecondsAndCountUntimedFaults() throws IOException {
        Run r = Run.args("triage", "--json", "--since", "100", "--until", "200", samplesLog().toString());
        String[] lines = r.out.split("\n");
        JsonNode summary = JSON.readTree(lines[lines.length - 1]).get("summary");
        assertEquals(2, summary.get("faults").asInt(), r::toString);
        assertEquals(1, summary.get("untimed").asInt(), "the arm-smmu line has no stamp");
        assertEquals(6, summary.get("outsideWindow").asInt());
        assertEquals(144.480641, Double.parseDouble(JSON.readTree(lines[0]).get("time").asText()), 1e-9);
    }

    @Test
    void sinceWithAnIsoTimeUsesIsoStamps() {
        String log = "2024-05-01T09:00:00Z host kernel: DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x1 "
                + "[fault reason 0x06] PTE Read access is not set\n"
                + "2024-05-01T11:00:00+00:00 host kernel: DMAR: [DMA Read NO_PASID] Request device [00:03.0] fault addr 0x1 "
                + "[fault reason 0x06] PTE Read access is not set\n";
        Run r = Run.stdin(log, "triage", "--since", "2024-05-01T10:00:00Z");
        assertTrue(r.out.contains("0000:00:03.0"), r::toString);
        assertFalse(r.out.contains("0000:00:02.0"), r::toString);
    }

    @Test
    void htmlReportIsSelfContainedWithCharts() throws IOException {
        Path html = tmp.resolve("report.html");
        Run r = Run.args("triage", "--html", html.toString(), samplesLog().toString());
        assertEquals(FaultlineCli.FOUND, r.exit, r::toString);
        String h = Files.readString(html);
        assertTrue(h.startsWith("<!DOCTYPE html>"));
        assertEquals(2, h.split("<svg ", -1).length - 1, "timeline and stage charts");
        assertTrue(h.contains("arm-smmu 5000000.iommu requester 0x409"));
        assertTrue(h.contains("GUEST_IOMMU_DRIVER"));
        assertFalse(h.contains("<script"));
        assertFalse(h.contains("http://") && h.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "no external resources");
        assertTrue(h.contains("lower bounds"));
    }

    @Test
    void htmlEscapesLogText() throws IOException {
        Path html = tmp.resolve("x.html");
        Run.stdin("DMAR: [DMA Read] Request device [00:02.0] fault addr zz<script> [fault reason 06] x\n", "triage", "--html",
                html.toString());
        String h = Files.readString(html);
        assertFalse(h.contains("<script>"));
        assertTrue(h.contains("&lt;script&gt;"));
    }

    @Test
    void followPrintsFaultsAppendedWhileRunning() throws Exception {
        Path log = tmp.resolve("growing.log");
        Files.writeString(log, "[ 1.0] rk_iommu ff650800.iommu: Page fault at 0x0000000000001000 of type read\n");
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(
                () -> Run.args("triage", "--follow", "--follow-stop-after", "4000", log.toString()));
        Thread.sleep(700);
        Files.writeString(log, "[ 2.0] arm-smmu 5000000.iommu: Unhandled context fault: fsr=0x402, iova=0x2000, "
                + "fsynr=0x10, cbfrsynra=0x409, cb=10\n", StandardOpenOption.APPEND);
        Run r = run.get();
        assertEquals(FaultlineCli.FOUND, r.exit, r::toString);
        assertTrue(r.out.contains("line 1  1.0  rk_iommu ff650800.iommu"), r::toString);
        assertTrue(r.out.contains("line 2  2.0  arm-smmu 5000000.iommu requester 0x409"), r::toString);
        assertTrue(r.out.contains("faultline triage: 2 faults"), r::toString);
    }
}
