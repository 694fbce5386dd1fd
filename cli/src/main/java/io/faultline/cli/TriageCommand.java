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
    @ParentCommand
    FaultlineCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Log files (plain or gzip). Standard input when none.")
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
        KernelLogParser parser = new KernelLogParser(triage);
        PrintWriter progress = System.console() != null && !follow ? err : null;
        try {
            if (files.isEmpty()) {
                parser.parse(LogInput.maybeGunzip(parent.stdin));
            } else if (follow) {
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
                    LogInput.follow(files.get(0), parser, 200, 1000, () -> interrupted.get() || (followStopAfterMillis >= 0
                            && (System.nanoTime() - start) / 1_000_000 >= followStopAfterMillis));
                    return finish(triage, parser, jsonOut, out, err);
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
                    if (!Files.isReadable(f) || Files.isDirectory(f)) {
                        err.println("faultline triage: cannot read " + f);
                        err.flush();
                        return FaultlineCli.ERROR;
                    }
                    LogInput.parseFile(f, parser, progress);
                }
            }
        } catch (IOException e) {
            err.println("faultline triage: " + e);
            err.flush();
            return FaultlineCli.ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return finish(triage, parser, jsonOut, out, err);
    }

    private int finish(Triage triage, KernelLogParser parser, JsonReport jsonOut, PrintWriter out, PrintWriter err) {
        triage.settle();
        if (jsonOut != null) {
            jsonOut.summary(triage, parser.lines());
        } else {
            if (follow) {
                out.println();
            }
            TextReport.write(triage, parser.lines(), out);
        }
        if (html != null) {
            try (Writer w = new OutputStreamWriter(Files.newOutputStream(html), StandardCharsets.UTF_8)) {
                HtmlReport.write(triage, parser.lines(), files.isEmpty() ? "standard input" : files.toString(), w);
            } catch (IOException e) {
                err.println("faultline triage: cannot write " + html + ": " + e.getMessage());
                err.flush();
                return FaultlineCli.ERROR;
            }
        }
        return triage.faults > 0 || triage.unparsedCount > 0 ? FaultlineCli.FOUND : FaultlineCli.OK;
    }
}
