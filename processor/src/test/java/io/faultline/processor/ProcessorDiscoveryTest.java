package io.faultline.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How users' builds find the processor: through {@code META-INF/services} on an explicit processor path
 * (Maven {@code annotationProcessorPaths}, Gradle {@code annotationProcessor}), on every JDK; and from the
 * class path only with {@code -proc:full} on JDK 23 and later. Runs the real javac of the JDK under test.
 */
class ProcessorDiscoveryTest {
    private static final String DRIVER = String.join("\n",
            "package acme;",
            "import io.faultline.api.*;",
            "public class Nic {",
            "  @OnFault(stage = Stage.PTE) void onPte() {}",
            "}");

    @Test
    void explicitProcessorPathFindsTheProcessor(@TempDir Path tmp) throws IOException {
        Result r = javac(tmp, "-cp", api(), "-processorpath", processorPath(), "-Xlint:all", "-Werror");
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.generated, "dispatcher generated: " + r.output);
    }

    @Test
    void onJdk23AndLaterTheClassPathNeedsProcFull(@TempDir Path tmp) throws IOException {
        String classPath = api() + File.pathSeparator + processorPath();
        if (Runtime.version().feature() >= 23) {
            Result plain = javac(tmp.resolve("plain"), "-cp", classPath);
            assertEquals(0, plain.exitCode, plain.output);
            assertFalse(plain.generated, "JDK 23+ runs no class-path processor by default");
        }
        Result full = javac(tmp.resolve("full"), "-cp", classPath, "-proc:full");
        assertEquals(0, full.exitCode, full.output);
        assertTrue(full.generated, full.output);
    }

    private record Result(int exitCode, String output, boolean generated) {
    }

    /** javac as a build tool runs it: options only, processors found by javac itself. */
    private static Result javac(Path dir, String... options) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/acme"));
        Files.writeString(src.resolve("Nic.java"), DRIVER);
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("-d", out.toString(), src.resolve("Nic.java").toString()));
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, new WriterStream(writer), new WriterStream(writer),
                args.toArray(new String[0]));
        writer.flush();
        return new Result(rc, text.toString(), Files.exists(out.resolve("acme/Nic_FaultDispatcher.class")));
    }

    /** javac's Tool.run takes streams; this one collects into the test's writer. */
    private static final class WriterStream extends java.io.OutputStream {
        private final PrintWriter writer;

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            writer.write(b);
        }
    }

    private static String api() {
        return Sources.apiLocation().getPath();
    }

    /** The processor (with its service registration), JavaPoet and the api: what a processor path holds. */
    private static String processorPath() {
        return String.join(File.pathSeparator,
                location(FaultlineProcessor.class), location(com.palantir.javapoet.JavaFile.class), api());
    }

    private static String location(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
