package io.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What build tools rely on: registration, Gradle incremental metadata, JPMS-safe {@code @Generated}. */
class BuildToolSupportTest {
    private static final String IMPORTS = "import io.faultline.api.*;";

    @Test
    void registeredAsAServiceAndClaimsExactlyItsAnnotations() throws IOException {
        assertEquals(List.of(FaultlineProcessor.class.getName()),
                resourceLines("META-INF/services/javax.annotation.processing.Processor"));
        Processor p = new FaultlineProcessor();
        assertEquals(Set.of("io.faultline.api.OnFault", "io.faultline.api.HandlesAllFaults",
                "javax.annotation.processing.Generated"), p.getSupportedAnnotationTypes());
        assertEquals(SourceVersion.latestSupported(), p.getSupportedSourceVersion());
        assertEquals(Set.of(), p.getSupportedOptions(), "no options: nothing for javac to warn about");
    }

    /**
     * The dispatchers' own {@code @Generated} is claimed (else javac's -Xlint:processing warns about it in
     * round 2, failing -Werror builds); anyone else's {@code @Generated} is left unclaimed for its owner.
     */
    @Test
    void claimsOnlyItsOwnGeneratedAnnotations() {
        JavaFileObject driver = Sources.source("test.Nic", "package test;", IMPORTS,
                "public class Nic { @OnFault void onAny() {} }");
        assertThat(Sources.compiler().withOptions("-Xlint:processing", "-Werror").compile(driver))
                .succeededWithoutWarnings();
        JavaFileObject foreign = Sources.source("test.Other", "package test;",
                "@javax.annotation.processing.Generated(\"some.other.Tool\") public class Other {}");
        Compilation c = Sources.compiler().withOptions("-Xlint:processing").compile(driver, foreign);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("javax.annotation.processing.Generated");
    }

    @Test
    void gradleIncrementalMetadataDeclaresTheProcessorIsolating() throws Exception {
        List<String> lines = resourceLines("META-INF/gradle/incremental.annotation.processors");
        assertEquals(List.of("io.faultline.processor.FaultlineProcessor,isolating"), lines);
        String[] entry = lines.get(0).split(",");
        assertTrue(Processor.class.isAssignableFrom(Class.forName(entry[0])), entry[0]);
    }

    /**
     * Gradle's isolating contract: each generated file names exactly one originating element, the driver,
     * even when handlers come from a superclass; and the processor still works behind Gradle's wrapped
     * processing environment (no javac-internal API required).
     */
    @Test
    void eachGeneratedFileHasExactlyOneOriginatingElementTheDriver() {
        RecordingProcessor p = new RecordingProcessor();
        Compilation c = Compiler.javac().withProcessors(p).compile(
                Sources.source("test.Base", "package test;", IMPORTS,
                        "public class Base { @OnFault(stage = Stage.PTE) void onPte() {} }"),
                Sources.source("test.Sub", "package test;", IMPORTS,
                        "public class Sub extends Base { @OnFault(stage = Stage.PGD) void onPgd() {} }"));
        assertThat(c).succeededWithoutWarnings();
        assertEquals(List.of("test.Base_FaultDispatcher", "test.Sub_FaultDispatcher"),
                p.created().stream().sorted().toList());
        for (int i = 0; i < p.created().size(); i++) {
            List<Object> origins = p.originating().get(i);
            assertEquals(1, origins.size(), p.created().get(i) + ": " + origins);
            assertEquals(p.created().get(i).replace("_FaultDispatcher", ""),
                    ((TypeElement) (Element) origins.get(0)).getQualifiedName().toString());
        }
    }

    /** Dagger issue 4321: a module without {@code requires java.compiler} cannot see {@code @Generated}. */
    @Test
    void noGeneratedAnnotationInAModuleThatCannotSeeIt(@TempDir Path tmp) throws IOException {
        String out = compileModule(tmp, "module acme.nic { requires io.faultline.api; }");
        assertFalse(out.contains("@Generated") || out.contains("javax.annotation.processing"), out);
    }

    @Test
    void generatedAnnotationInAModuleThatReadsJavaCompiler(@TempDir Path tmp) throws IOException {
        String out = compileModule(tmp, "module acme.nic { requires io.faultline.api; requires java.compiler; }");
        assertTrue(out.contains("@Generated(\"io.faultline.processor.FaultlineProcessor\")"), out);
    }

    /**
     * Compiles a one-driver module with the processor (plain javax.tools: compile-testing's in-memory file
     * manager does not support module sources) under -Xlint:all -Werror; returns the generated dispatcher.
     */
    private static String compileModule(Path tmp, String moduleInfo) throws IOException {
        Path api = apiJar(tmp);
        Path src = tmp.resolve("src");
        Path pkg = Files.createDirectories(src.resolve("com/acme/nic"));
        Files.writeString(src.resolve("module-info.java"), moduleInfo);
        Files.writeString(pkg.resolve("Nic.java"), String.join("\n",
                "package com.acme.nic;",
                IMPORTS,
                "public class Nic {",
                "  @OnFault(stage = Stage.PTE) void onPte() {}",
                "}"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path generated = Files.createDirectories(tmp.resolve("generated"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            // -requires-automatic: the api jar is an automatic module here; that lint is about the test's module.
            // An empty class path: by default javac would take the test JVM's, putting the api in two places.
            List<String> options = List.of("--module-path", api.toString(), "--class-path", classes.toString(),
                    "-d", classes.toString(),
                    "-s", generated.toString(), "-Xlint:all,-requires-automatic", "-Werror");
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(src.resolve("module-info.java"), pkg.resolve("Nic.java")));
            task.setProcessors(List.of(new FaultlineProcessor()));
            boolean ok = task.call();
            assertTrue(ok && diagnostics.getDiagnostics().isEmpty(), diagnostics.getDiagnostics().toString());
        }
        assertTrue(Files.exists(classes.resolve("com/acme/nic/Nic_FaultDispatcher.class")));
        return Files.readString(generated.resolve("com/acme/nic/Nic_FaultDispatcher.java"));
    }

    /**
     * The api classes (a directory or the reactor's jar) as a jar that the module path sees as automatic
     * module {@code io.faultline.api}.
     */
    private static Path apiJar(Path tmp) throws IOException {
        Path api = Sources.apiLocation().toPath();
        Path jar = tmp.resolve("faultline-api.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Automatic-Module-Name"), "io.faultline.api");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            if (Files.isDirectory(api)) {
                try (Stream<Path> files = Files.walk(api)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        copy(api.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f), out);
                    }
                }
            } else {
                try (ZipInputStream in = new ZipInputStream(Files.newInputStream(api))) {
                    for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        if (!e.isDirectory()) {
                            copy(e.getName(), in.readAllBytes(), out);
                        }
                    }
                }
            }
        }
        return jar;
    }

    private static void copy(String name, byte[] bytes, JarOutputStream out) throws IOException {
        if (name.startsWith("META-INF/")) {
            return;
        }
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static List<String> resourceLines(String path) throws IOException {
        try (InputStream in = FaultlineProcessor.class.getClassLoader().getResourceAsStream(path)) {
            assertNotNull(in, path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
