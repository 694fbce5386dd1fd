package io.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.faultline.api.Disposition;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Drivers that depend on types another processor generates in a later round. */
class RoundsTest {

    /** Writes {@code test.GeneratedBase}, a base driver with a handler, in its first round. */
    static final class BaseGenerator extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("io.faultline.api.OnFault");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer w = processingEnv.getFiler().createSourceFile("test.GeneratedBase").openWriter()) {
                    w.write("package test;\n"
                            + "import io.faultline.api.*;\n"
                            + "public abstract class GeneratedBase {\n"
                            + "  public int baseCalls;\n"
                            + "  @OnFault(stage = Stage.PGD) void onPgd() { baseCalls++; }\n"
                            + "}\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    @Test
    void driverExtendingAClassGeneratedLaterIsReadInTheNextRound() throws Exception {
        JavaFileObject nic = Sources.source("test.Nic",
                "package test;",
                "import io.faultline.api.*;",
                "public class Nic extends GeneratedBase {",
                "  @OnFault(stage = Stage.PTE) void onPte() {}",
                "}");
        // The generator runs first, as it would if listed first on the processor path.
        Compilation c = Compiler.javac().withProcessors(new BaseGenerator(), new FaultlineProcessor())
                .withOptions("-Xlint:all", "-Werror").compile(nic);
        assertThat(c).succeededWithoutWarnings();
        FaultDispatcher<?> d = GeneratedDispatcherTest.dispatcherOf(c, "test.Nic");
        assertEquals(Disposition.HANDLED, d.dispatchUnrecoverable(GeneratedDispatcherTest.fault(Stage.PGD)));
        assertEquals(1, d.driver().getClass().getField("baseCalls").getInt(d.driver()));
    }

    @Test
    void aTypeThatNeverAppearsIsJavacsErrorOnly() {
        JavaFileObject nic = Sources.source("test.Nic",
                "package test;",
                "import io.faultline.api.*;",
                "public class Nic {",
                "  @OnFault(stage = Stage.PTE) void onPte(NoSuchFault f) {}",
                "}");
        Compilation c = Sources.compile(nic);
        assertThat(c).hadErrorContaining("cannot find symbol").inFile(nic).onLine(4);
        assertThat(c).hadErrorCount(1);
    }
}
