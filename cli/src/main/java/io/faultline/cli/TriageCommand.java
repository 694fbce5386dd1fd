package io.faultline.cli;

import io.faultline.adapters.kernellog.KernelLogParser;
import io.faultline.adapters.kernellog.LogRecord;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code faultline triage}: per-device fault summary of kernel logs. */
@Command(name = "triage", mixinStandardHelpOptions = true,
        description = {"Reads kernel logs (dmesg, journalctl -k, syslog, pasted mail; gzip recognised) and summarises "
            + "IOMMU faults per device: counts by stage, type and reason, first/last time, the culprit of each stage and "
            + "a suggested action. Rate-limit notices and hardware overflows are reported; lines that report a fault but "
            + "cannot be decoded are listed as unparsed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no fault and no unparsed fault line", "1:faults or unparsed fault lines found",
            "2:usage error or unreadable input"})
final class TriageCommand implements Callable<Integer> {
    /**
     * With {@code --follow}, a record still waiting for optional lines (a DMAR reason line, arm-smmu
     * detail lines) is reported as it is after this long without new input.
     */
    static final long FOLLOW_IDLE_FLUSH_MILLIS = 5000;

    @ParentCommand
    FaultlineCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Log files (plain or gzip); - is standard input, also the input when "
            + "no FILE is given. Line numbers count within each file; with several files, --json names each "
            + "fault's file.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object per fault, then one {\"summary\": ...} object.")
    boolean json;

    @Option(names = "--html", paramLabel = "OUT", description = "Also write a self-contained HTML report with charts.")
    Path html;

    @Option(names = {"-f", "--follow"}, description = "Keep reading FILE as it grows (like tail -F) and print each fault "
            + "as it is found; stop with Ctrl-C (standard input: until it ends).")
    boolean follow;

    @Option(names = "--since", paramLabel = "TIME", description = "Only faults at or after TIME: kernel seconds (120.5) "
            + "for [ 120.5] stamps, or an ISO time (2024-05-01T10:00:00Z) for ISO-stamped logs. Faults without a "
            + "comparable stamp are left out and counted.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only faults at or before TIME (same forms as --since).")
    String until;

    @Option(names = "--progress", description = "Show progress on standard error for files of 64 MiB or more even when "
            + "it is not a terminal (by default only when it is).")
    boolean progress;

    @Option(names = "--follow-stop-after", hidden = true, description = "Testing: stop --follow after this many ms.")
    long followStopAfterMillis = -1;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TimeBound from;
        TimeBound to;
        try {
            from = since == null ? null : TimeBound.parse(since);
            to = until == null ? null : TimeBound.parse(until);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--since/--until: " + e.getMessage());
        }
        if (follow && files.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--follow takes one FILE (or standard input)");
        }
        JsonReport jsonOut = json ? new JsonReport(parent.stdout != null ? parent.stdout : new WriterOutput(out), follow) : null;
        Consumer<LogRecord> each = jsonOut != null ? jsonOut::fault
                : follow ? r -> {
                    out.println(TextReport.line(r));
                    out.flush();
                } : r -> { };
        Triage triage = new Triage(from, to, each);
        triage.manyFiles = files.size() > 1;
        PrintWriter progressOut = !follow && (progress || LogInput.stderrIsTerminal()) ? err : null;
        long lines = 0;
        try {
            if (files.isEmpty() || follow && isStdin(files.get(0))) {
                KernelLogParser parser = new KernelLogParser(triage);
                parser.parse(LogInput.maybeGunzip(parent.stdin));
                lines = parser.lines();
            } else if (follow) {
                Path f = files.get(0);
                if (LogInput.isGzip(f)) {
                    err.println("faultline triage: --follow cannot tail " + f + ": it is gzip-compressed as a whole; "
                            + "run without --follow");
                    err.flush();
                    return FaultlineCli.ERROR;
                }
                KernelLogParser parser = new KernelLogParser(triage);
                name(triage, jsonOut, f.toString(), 0);
                long start = System.nanoTime();
                AtomicBoolean interrupted = new AtomicBoolean();
                CountDownLatch reported = new CountDownLatch(1);
                Thread hook = new Thread(() -> { // Ctrl-C: stop tailing, still print the summary
                    interrupted.set(true);
                    try {
                        reported.await(3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "faultline-follow-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    LogInput.follow(f, parser, 200, FOLLOW_IDLE_FLUSH_MILLIS, () -> interrupted.get()
                            || (followStopAfterMillis >= 0 && (System.nanoTime() - start) / 1_000_000 >= followStopAfterMillis));
                    return finish(triage, parser.lines(), jsonOut, out, err);
                } finally {
                    reported.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // shutting down already: the hook is running
                    }
                }
            } else {
                for (Path f : files) {
                    if (!isStdin(f) && (!Files.isReadable(f) || Files.isDirectory(f))) {
                        err.println("faultline triage: cannot read " + f);
                        err.flush();
                        return FaultlineCli.ERROR;
                    }
                }
                for (Path f : files) { // one parser per file: line numbers count within each, records never span two
                    KernelLogParser parser = new KernelLogParser(triage);
                    if (isStdin(f)) {
                        name(triage, jsonOut, null, lines);
                        parser.parse(LogInput.maybeGunzip(parent.stdin));
                    } else {
                        name(triage, jsonOut, f.toString(), lines);
                        LogInput.parseFile(f, parser, progressOut);
                    }
                    lines += parser.lines();
                }
            }
        } catch (IOException e) {
            err.println("faultline triage: " + e);
            err.flush();
            return FaultlineCli.ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return finish(triage, lines, jsonOut, out, err);
    }

    /** {@code -} names standard input, as for most Unix tools. */
    private static boolean isStdin(Path f) {
        return f.toString().equals("-");
    }

    private static void name(Triage triage, JsonReport json, String file, long linesBefore) {
        triage.file(file, linesBefore);
        if (json != null) {
            json.file(file);
        }
    }

    private int finish(Triage triage, long lines, JsonReport jsonOut, PrintWriter out, PrintWriter err) {
        triage.settle();
        if (jsonOut != null) {
            jsonOut.summary(triage, lines);
        } else {
            if (follow) {
                out.println();
            }
            TextReport.write(triage, lines, out);
        }
        if (html != null) {
            try (Writer w = new OutputStreamWriter(Files.newOutputStream(html), StandardCharsets.UTF_8)) {
                HtmlReport.write(triage, lines, files.isEmpty() ? "standard input" : files.toString(), w);
            } catch (IOException e) {
                err.println("faultline triage: cannot write " + html + ": " + e.getMessage());
                err.flush();
                return FaultlineCli.ERROR;
            }
        }
        return triage.faults > 0 || triage.unparsedCount > 0 ? FaultlineCli.FOUND : FaultlineCli.OK;
    }
}
