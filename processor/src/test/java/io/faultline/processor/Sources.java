package io.faultline.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaFileObject;

/** Test helpers: compile with the processor, read generated sources, load compiled classes. */
final class Sources {
    private Sources() {
    }

    static Compiler compiler() {
        return Compiler.javac().withProcessors(new FaultlineProcessor());
    }

    static Compiler compilerWithoutProcessor() {
        return Compiler.javac().withOptions("-proc:none", "-Xlint:all", "-Werror");
    }

    static Compilation compile(JavaFileObject... sources) {
        return compiler().compile(sources);
    }

    /** A source whose lines are numbered from 1, so tests can name the line of each mistake. */
    static JavaFileObject source(String qualifiedName, String... lines) {
        return JavaFileObjects.forSourceLines(qualifiedName, lines);
    }

    static JavaFileObject resource(String path) {
        return JavaFileObjects.forResource(path);
    }

    static String generated(Compilation compilation, String qualifiedName) {
        Optional<JavaFileObject> file = compilation.generatedSourceFile(qualifiedName);
        if (file.isEmpty()) {
            throw new AssertionError("not generated: " + qualifiedName + "; diagnostics: " + compilation.diagnostics());
        }
        try {
            return file.get().getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readResource(String path) {
        try (InputStream in = Sources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * With {@code -Dfaultline.updateGolden=<dir>} (the golden folder of the test resources), rewrites a
     * golden file from what the processor produced; review the diff before committing it.
     */
    static void updateGoldenIfAsked(String name, String actual) {
        String dir = System.getProperty("faultline.updateGolden");
        if (dir != null) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(dir, name), actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes a compilation's class files under {@code dir}, as a library jar's contents would be. */
    static void writeClasses(Compilation compilation, java.nio.file.Path dir) {
        for (JavaFileObject f : compilation.generatedFiles()) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = f.toUri().getPath();
            java.nio.file.Path out = dir.resolve(path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length()));
            try (InputStream in = f.openInputStream()) {
                java.nio.file.Files.createDirectories(out.getParent());
                java.nio.file.Files.write(out, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Where the api classes are (a directory or jar), for compilations with an explicit class path. */
    static java.io.File apiLocation() {
        try {
            return new java.io.File(io.faultline.api.Fault.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A class loader over the class files a compilation wrote; the api comes from the test class path. */
    static ClassLoader classLoader(Compilation... compilations) {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject f : java.util.Arrays.stream(compilations)
                .flatMap(c -> c.generatedFiles().stream()).collect(java.util.stream.Collectors.toList())) {
            if (f.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = f.toUri().getPath();
            String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                    path.length() - ".class".length()).replace('/', '.');
            try (InputStream in = f.openInputStream()) {
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ClassLoader(Sources.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }
}
