package io.faultline.cli;

import io.faultline.api.Fault;
import io.faultline.api.FaultDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code faultline replay}: a logged fault history through a driver's own handlers. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Parses LOG and feeds every fault through the generated dispatcher of driver CLASS "
            + "(CLASS_FaultDispatcher, made by the Faultline processor): prints what each handler returned; page requests "
            + "are answered into a recording responder (INVALID when no handler answers or it throws)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every fault replayed and no handler threw", "1:a handler threw",
            "2:usage error, unreadable LOG, CLASS or its dispatcher not loadable"})
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    FaultlineCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--driver", required = true, paramLabel = "CLASS",
            description = "Driver class (public, public no-argument constructor) with @OnFault handlers.")
    String driver;

    @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH", split = ":",
            description = "Directories or jars holding CLASS and its dispatcher (default: faultline's own class path).")
    List<Path> classpath = new ArrayList<>();

    @Parameters(paramLabel = "LOG", arity = "0..1", description = "Kernel log (plain or gzip); standard input when absent.")
    Path log;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FaultDispatcher<?> dispatcher;
        try {
            dispatcher = load();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError | MalformedURLException e) {
            Throwable c = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            err.println("faultline replay: cannot load driver " + driver + ": " + c);
            err.flush();
            return FaultlineCli.ERROR;
        }
        Replay.Result r;
        if (log != null && (!Files.isReadable(log) || Files.isDirectory(log))) {
            err.println("faultline replay: cannot read " + log);
            err.flush();
            return FaultlineCli.ERROR;
        }
        try (InputStream in = LogInput.maybeGunzip(log == null ? parent.stdin : Files.newInputStream(log))) {
            r = Replay.run(dispatcher, in);
        }
        for (ReplayStep s : r.steps()) {
            Fault f = s.record().fault();
            StringBuilder b = new StringBuilder();
            b.append("line ").append(s.record().line()).append("  ").append(DeviceSummary.keyOf(s.record())).append("  ")
                    .append(f.type()).append(' ').append(f.stage()).append("  -> ");
            switch (s.outcome()) {
                case HANDLED -> b.append("handler returned ").append(s.disposition() != null ? s.disposition() : s.response());
                case NO_HANDLER -> b.append("no handler: ").append(s.response() != null ? "auto " + s.response()
                        : "default action " + f.stage().defaultAction());
                case THREW -> b.append("handler threw ").append(s.error()).append(s.response() != null
                        ? "; auto " + s.response() : "; default action " + f.stage().defaultAction());
                case COLLECTED -> b.append("collected (not last in its group)");
            }
            if (s.disposition() == io.faultline.api.Disposition.DEFAULT_ACTION) {
                b.append(" (").append(f.stage().defaultAction()).append(')');
            }
            out.println(b);
        }
        long handled = r.steps().stream().filter(s -> s.outcome() == ReplayStep.Outcome.HANDLED).count();
        out.printf("%nreplayed %d fault(s) through %s: %d handled, %d without handler, %d handler error(s); "
                + "%d page response(s) sent, %d request(s) left unanswered (group incomplete in the log)%n",
                r.steps().size(), dispatcher.getClass().getName(), handled,
                r.steps().stream().filter(s -> s.outcome() == ReplayStep.Outcome.NO_HANDLER).count(), r.failures(),
                r.responses().size(), r.unanswered().size());
        if (!r.unparsed().isEmpty()) {
            out.println(r.unparsed().size() + " unparsed fault line(s) were not replayed (see faultline triage).");
        }
        out.flush();
        return r.failures() > 0 ? FaultlineCli.FOUND : FaultlineCli.OK;
    }

    /** Wiring only: the driver and its dispatcher by name, once. */
    private FaultDispatcher<?> load() throws ReflectiveOperationException, MalformedURLException {
        ClassLoader parentLoader = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = parentLoader;
        if (!classpath.isEmpty()) {
            URL[] urls = new URL[classpath.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = classpath.get(i).toUri().toURL();
            }
            loader = new URLClassLoader(urls, parentLoader); // lives as long as the command: not closed
        }
        Class<?> driverClass = Class.forName(driver, true, loader);
        Class<?> dispatcherClass = Class.forName(driver + "_FaultDispatcher", true, loader);
        Object instance = driverClass.getConstructor().newInstance();
        Constructor<?> c = dispatcherClass.getConstructor(driverClass);
        return (FaultDispatcher<?>) c.newInstance(instance);
    }
}
