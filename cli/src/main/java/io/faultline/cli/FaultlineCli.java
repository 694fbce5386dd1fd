package io.faultline.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code faultline} command. */
@Command(name = "faultline", mixinStandardHelpOptions = true, version = "faultline 0.1.0",
        description = "IOMMU fault logs turned into answers: which device, which stage, whose fault, how often.",
        subcommands = {TriageCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no fault found (triage) / every fault replayed without a handler error (replay)",
            "1:faults or unparsed fault lines found (triage) / a handler threw (replay)",
            "2:usage error, unreadable input, driver class not loadable"})
public final class FaultlineCli implements Runnable {
    /** Exit code: nothing found / all well. */
    public static final int OK = 0;
    /** Exit code: faults found (triage), a handler failed (replay). */
    public static final int FOUND = 1;
    /** Exit code: usage or I/O error. */
    public static final int ERROR = 2;

    final InputStream stdin;
    /** The process's standard output as bytes, for bulk output ({@code triage --json}); null: use the command line's writer. */
    OutputStream stdout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A command line reading {@code stdin} when no file is given. */
    public FaultlineCli(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: triage or replay");
    }

    /** The picocli command line, with the documented exit codes for failures. */
    public static CommandLine commandLine(InputStream stdin) {
        return commandLine(new FaultlineCli(stdin));
    }

    static CommandLine commandLine(FaultlineCli cli) {
        CommandLine cl = new CommandLine(cli);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            err.println("faultline: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            err.flush();
            return ERROR;
        });
        return cl;
    }

    public static void main(String[] args) {
        FaultlineCli cli = new FaultlineCli(System.in);
        // unbuffered FileOutputStream: JsonReport writes 64 KiB blocks; the summary is flushed by it
        cli.stdout = new FileOutputStream(FileDescriptor.out);
        System.exit(commandLine(cli).execute(args));
    }
}
