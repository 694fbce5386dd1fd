package io.faultline.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns JMH JSON result files of {@link DispatchBenchmark} (one file per run, any number of runs
 * and JDKs) into Markdown: per JDK and fault mix, ns/op, B/op and the ratio to the hand-written
 * baseline, as ranges over runs; then the targets, each ratio taken within one run.
 *
 * <p>Usage: {@code java -cp faultline-benchmarks.jar io.faultline.benchmarks.ResultsTable run1.json run2.json…}
 */
public final class ResultsTable {
    static final String FLOOR = "floor";
    static final double MAX_FAULTLINE_OVER_HAND_WRITTEN = 1.10;
    static final double MIN_GREENROBOT_OVER_FAULTLINE = 40;
    static final double MIN_GUAVA_OVER_FAULTLINE = 60;
    /** Below this, B/op is JMH's own noise, not an allocation (the smallest object is 16 bytes). */
    static final double ZERO_BYTES = 0.1;

    /** One benchmark × mix in one run. */
    record Score(double ns, double error, double bytes) {
    }

    /** One JMH run: JDK, options, and scores by benchmark method and mix. */
    record Run(String file, String jdk, String options, Map<String, Score> scores) {
        Score get(String method, String mix) {
            return scores.get(method + "/" + mix);
        }
    }

    private ResultsTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ResultsTable <jmh-result.json>...");
            System.exit(2);
        }
        List<Run> runs = new ArrayList<>();
        for (String a : args) {
            runs.add(read(Path.of(a)));
        }
        System.out.print(markdown(runs));
    }

    static Run read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Map<String, Score> scores = new LinkedHashMap<>();
        String jdk = "?";
        String options = "";
        for (JsonNode b : root) {
            String name = b.path("benchmark").asText();
            String method = name.substring(name.lastIndexOf('.') + 1);
            String mix = b.path("params").path("mix").asText("-");
            JsonNode primary = b.path("primaryMetric");
            JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm");
            scores.put(method + "/" + mix, new Score(primary.path("score").asDouble(),
                    primary.path("scoreError").asDouble(Double.NaN),
                    alloc.isMissingNode() ? Double.NaN : alloc.path("score").asDouble()));
            jdk = b.path("jdkVersion").asText() + " (" + b.path("vmName").asText() + " " + b.path("vmVersion").asText() + ")";
            options = "-f " + b.path("forks").asInt() + " -wi " + b.path("warmupIterations").asInt()
                    + " -w " + b.path("warmupTime").asText().replace(" ", "") + " -i "
                    + b.path("measurementIterations").asInt() + " -r " + b.path("measurementTime").asText().replace(" ", "");
        }
        return new Run(file.getFileName().toString(), jdk, options, scores);
    }

    static String markdown(List<Run> runs) {
        Map<String, List<Run>> byJdk = new LinkedHashMap<>();
        for (Run r : runs) {
            byJdk.computeIfAbsent(r.jdk(), k -> new ArrayList<>()).add(r);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<Run>> e : byJdk.entrySet()) {
            List<Run> rs = e.getValue();
            out.append("### JDK ").append(e.getKey()).append("\n\n");
            out.append(rs.size()).append(rs.size() == 1 ? " run" : " runs").append(" (`")
                    .append(rs.get(0).options()).append("`): ");
            out.append(String.join(", ", rs.stream().map(Run::file).toList())).append(".");
            out.append(rs.size() > 1 ? " Each cell is the range over the runs.\n\n" : "\n\n");
            for (String mix : mixes(rs)) {
                table(out, rs, mix);
            }
            targets(out, rs);
        }
        return out.toString();
    }

    private static List<String> mixes(List<Run> runs) {
        List<String> mixes = new ArrayList<>();
        for (Run r : runs) {
            for (String key : r.scores().keySet()) {
                String mix = key.substring(key.indexOf('/') + 1);
                if (!mixes.contains(mix)) {
                    mixes.add(mix);
                }
            }
        }
        return mixes;
    }

    private static void table(StringBuilder out, List<Run> rs, String mix) {
        out.append("Mix `").append(mix).append("`\n\n");
        out.append("| Mechanism | ns/op | B/op | × hand-written |\n|---|---:|---:|---:|\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {FLOOR, "floor: read the fault's fields, call nothing"});
        for (Mechanism m : Mechanism.values()) {
            rows.add(new String[] {m.benchmark(), m.label()});
        }
        for (String[] row : rows) {
            String method = row[0];
            List<Run> have = rs.stream().filter(r -> r.get(method, mix) != null).toList();
            if (have.isEmpty()) {
                continue;
            }
            out.append("| ").append(row[1]).append(" | ");
            if (have.size() == 1) {
                Score s = have.get(0).get(method, mix);
                out.append(num(s.ns())).append(Double.isNaN(s.error()) ? "" : " ± " + num(s.error()));
            } else {
                out.append(range(have, r -> r.get(method, mix).ns()));
            }
            out.append(" | ").append(bytes(have, r -> r.get(method, mix).bytes()));
            List<Run> withBase = have.stream().filter(r -> r.get("handWritten", mix) != null).toList();
            out.append(" | ").append(withBase.isEmpty() ? "" : range(withBase, r -> ratio(r, method, "handWritten", mix)));
            out.append(" |\n");
        }
        out.append('\n');
    }

    private static void targets(StringBuilder out, List<Run> rs) {
        out.append("Targets (each ratio within one run; met in how many runs):\n\n");
        out.append("| Mix | Target | Measured | Met |\n|---|---|---:|---|\n");
        for (String mix : mixes(rs)) {
            target(out, rs, mix, "Faultline (router) / hand-written ≤ " + MAX_FAULTLINE_OVER_HAND_WRITTEN,
                    "faultlineRouter", "handWritten", x -> x <= MAX_FAULTLINE_OVER_HAND_WRITTEN);
            List<Run> have = rs.stream().filter(r -> r.get("faultlineRouter", mix) != null).toList();
            if (!have.isEmpty()) {
                long met = have.stream().filter(r -> r.get("faultlineRouter", mix).bytes() < ZERO_BYTES).count();
                out.append("| ").append(mix).append(" | Faultline (router) allocates 0 B/op | ")
                        .append(bytes(have, r -> r.get("faultlineRouter", mix).bytes())).append(" | ")
                        .append(verdict(met, have.size())).append(" |\n");
            }
            target(out, rs, mix, "greenrobot, tuned / Faultline (router) ≥ " + num(MIN_GREENROBOT_OVER_FAULTLINE),
                    "greenrobotEventBus", "faultlineRouter", x -> x >= MIN_GREENROBOT_OVER_FAULTLINE);
            target(out, rs, mix, "greenrobot, default options / Faultline (router) ≥ " + num(MIN_GREENROBOT_OVER_FAULTLINE),
                    "greenrobotEventBusDefaults", "faultlineRouter", x -> x >= MIN_GREENROBOT_OVER_FAULTLINE);
            target(out, rs, mix, "Guava / Faultline (router) ≥ " + num(MIN_GUAVA_OVER_FAULTLINE),
                    "guavaEventBus", "faultlineRouter", x -> x >= MIN_GUAVA_OVER_FAULTLINE);
        }
        out.append('\n');
    }

    private interface Test {
        boolean ok(double ratio);
    }

    private static void target(StringBuilder out, List<Run> rs, String mix, String what, String num, String den, Test test) {
        List<Run> have = rs.stream().filter(r -> r.get(num, mix) != null && r.get(den, mix) != null).toList();
        if (have.isEmpty()) {
            return;
        }
        long met = have.stream().filter(r -> test.ok(ratio(r, num, den, mix))).count();
        out.append("| ").append(mix).append(" | ").append(what).append(" | ")
                .append(range(have, r -> ratio(r, num, den, mix))).append(" | ")
                .append(verdict(met, have.size())).append(" |\n");
    }

    private static String verdict(long met, int of) {
        return (met == of ? "yes" : met == 0 ? "**no**" : "**partly**") + " (" + met + "/" + of + ")";
    }

    static double ratio(Run r, String num, String den, String mix) {
        return r.get(num, mix).ns() / r.get(den, mix).ns();
    }

    private static String range(List<Run> rs, ToDoubleFunction<Run> f) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Run r : rs) {
            double v = f.applyAsDouble(r);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return rs.size() == 1 || num(min).equals(num(max)) ? num(min) : num(min) + "–" + num(max);
    }

    private static String bytes(List<Run> rs, ToDoubleFunction<Run> f) {
        double max = 0;
        for (Run r : rs) {
            double v = f.applyAsDouble(r);
            if (Double.isNaN(v)) {
                return "n/a";
            }
            max = Math.max(max, v);
        }
        if (max < ZERO_BYTES) {
            return "0";
        }
        return rs.size() == 1 ? num(max) : range(rs, f);
    }

    /** Three significant digits, never scientific notation. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String fmt = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, fmt, v);
    }
}
