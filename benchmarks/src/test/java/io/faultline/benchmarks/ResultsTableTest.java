package io.faultline.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A JMH JSON file in the shape JMH 1.37 writes, with the fields ResultsTable reads. */
    private Path run(String name, String jdk, Map<String, double[]> nsAndBytes) throws Exception {
        ArrayNode root = JSON.createArrayNode();
        nsAndBytes.forEach((method, v) -> {
            ObjectNode b = root.addObject();
            b.put("benchmark", "io.faultline.benchmarks.DispatchBenchmark." + method);
            b.put("jdkVersion", jdk).put("vmName", "OpenJDK 64-Bit Server VM").put("vmVersion", jdk + "+1");
            b.put("forks", 1).put("warmupIterations", 3).put("warmupTime", "1 s");
            b.put("measurementIterations", 5).put("measurementTime", "1 s");
            b.putObject("params").put("mix", "REALISTIC");
            b.putObject("primaryMetric").put("score", v[0]).put("scoreError", 0.1).put("scoreUnit", "ns/op");
            b.putObject("secondaryMetrics").putObject("gc.alloc.rate.norm").put("score", v[1]).put("scoreUnit", "B/op");
        });
        Path file = dir.resolve(name);
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    @Test
    void ratiosAreTakenWithinEachRunAndShownAsRanges() throws Exception {
        ResultsTable.Run a = ResultsTable.read(run("a.json", "17.0.15", Map.of(
                "handWritten", new double[] {2.0, 0.00001}, "faultlineRouter", new double[] {2.1, 0.00002},
                "greenrobotEventBus", new double[] {90, 40}, "guavaEventBus", new double[] {100, 360})));
        ResultsTable.Run b = ResultsTable.read(run("b.json", "17.0.15", Map.of(
                "handWritten", new double[] {4.0, 0}, "faultlineRouter", new double[] {5.0, 24},
                "greenrobotEventBus", new double[] {250, 40}, "guavaEventBus", new double[] {400, 360})));
        assertEquals(1.05, ResultsTable.ratio(a, "faultlineRouter", "handWritten", "REALISTIC"), 1e-9);

        String md = ResultsTable.markdown(List.of(a, b));
        assertTrue(md.contains("### JDK 17.0.15"), md);
        assertTrue(md.contains("2 runs (`-f 1 -wi 3 -w 1s -i 5 -r 1s`)"), md);
        // Faultline router: ns 2.1 and 5.0, ratios 1.05 and 1.25, bytes 0 and 24.
        assertTrue(md.contains("| Faultline: FaultRouter.route → generated dispatcher | 2.10–5.00 | 0.000–24.0 | 1.05–1.25 |"), md);
        assertTrue(md.contains("| Faultline (router) / hand-written ≤ 1.1 | 1.05–1.25 | **partly** (1/2) |"), md);
        assertTrue(md.contains("| Faultline (router) allocates 0 B/op | 0.000–24.0 | **partly** (1/2) |"), md);
        // greenrobot / Faultline: 42.9 and 50.0; Guava / Faultline: 47.6 and 80.0.
        assertTrue(md.contains("| greenrobot, tuned / Faultline (router) ≥ 40.0 | 42.9–50.0 | yes (2/2) |"), md);
        assertTrue(md.contains("| Guava / Faultline (router) ≥ 60.0 | 47.6–80.0 | **partly** (1/2) |"), md);
    }

    @Test
    void separateJdksGetSeparateTablesAndZeroBytesReadAsZero() throws Exception {
        ResultsTable.Run a = ResultsTable.read(run("a.json", "17.0.15", Map.of(
                "handWritten", new double[] {2.0, 0.00001}, "faultlineRouter", new double[] {2.2, 0.00003})));
        ResultsTable.Run b = ResultsTable.read(run("b.json", "25.0.1", Map.of(
                "handWritten", new double[] {2.0, 0.00001}, "faultlineRouter", new double[] {2.4, 0.00003})));
        String md = ResultsTable.markdown(List.of(a, b));
        assertTrue(md.contains("### JDK 17.0.15") && md.contains("### JDK 25.0.1"), md);
        assertTrue(md.contains("| Faultline (router) / hand-written ≤ 1.1 | 1.10 | yes (1/1) |"), md);
        assertTrue(md.contains("| Faultline (router) / hand-written ≤ 1.1 | 1.20 | **no** (0/1) |"), md);
        assertTrue(md.contains("| Faultline (router) allocates 0 B/op | 0 | yes (1/1) |"), md);
    }
}
