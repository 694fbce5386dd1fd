package io.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.faultline.api.Disposition;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.Stage;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @HandlesAllFaults}: uncovered (type, stage) pairs, unreachable handlers, strictness. */
class CoverageTest {
    private static final String IMPORTS = "import io.faultline.api.*; import io.faultline.api.OnFault.*;";

    /** Line 3 is the annotation on the class, line 4 the class, members from line 5. */
    private static JavaFileObject driver(String annotation, String... members) {
        String[] lines = new String[members.length + 5];
        lines[0] = "package test;";
        lines[1] = IMPORTS;
        lines[2] = annotation;
        lines[3] = "public class D {";
        System.arraycopy(members, 0, lines, 4, members.length);
        lines[lines.length - 1] = "}";
        return Sources.source("test.D", lines);
    }

    @Test
    void uncoveredPairsAreListedInOneWarningAndTheDispatcherIsStillGenerated() {
        JavaFileObject src = driver("@HandlesAllFaults",
                "  @OnFault(stage = {Stage.PTE, Stage.PGD}) void onTables() {}",
                "  @OnFault(type = FaultType.PAGE_REQUEST) PageResponse onRequest() { return PageResponse.INVALID; }");
        Compilation c = Sources.compile(src);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining(Messages.UNCOVERED.format("D",
                "no handler covers (UNRECOVERABLE, CONTEXT), (UNRECOVERABLE, PASID), (UNRECOVERABLE, NONE)"))
                .inFile(src).onLine(3);
        assertThat(c).hadWarningCount(1);
        assertThat(c).generatedSourceFile("test.D_FaultDispatcher");
    }

    @Test
    void strictMakesTheGapsAnErrorAndGeneratesNothing() {
        JavaFileObject src = driver("@HandlesAllFaults(type = FaultType.PAGE_REQUEST, strict = true)",
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE) PageResponse onPte() {"
                        + " return PageResponse.INVALID; }");
        RecordingProcessor p = new RecordingProcessor();
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(p).compile(src);
        assertThat(c).hadErrorContaining(Messages.UNCOVERED_STRICT.format("D", "no handler covers"
                + " (PAGE_REQUEST, CONTEXT), (PAGE_REQUEST, PASID), (PAGE_REQUEST, PGD), (PAGE_REQUEST, NONE)"))
                .inFile(src).onLine(3);
        assertThat(c).hadErrorCount(1);
        assertEquals(List.of(), p.created());
    }

    @Test
    void handlersWithSelectorsCoverOnlyPartly() {
        JavaFileObject src = driver("@HandlesAllFaults(type = FaultType.UNRECOVERABLE, stage = Stage.PTE)",
                "  @OnFault(stage = Stage.PTE, access = Flag.WRITE) void onWrite() {}",
                "  @OnFault(stage = Stage.PTE, pasid = Pasid.PRESENT) void onSva() {}");
        Compilation c = Sources.compile(src);
        assertThat(c).hadWarningContaining(Messages.UNCOVERED.format("D", "handlers cover (UNRECOVERABLE, PTE)"
                + " only for faults matching the selectors of D.onWrite, D.onSva")).inFile(src).onLine(3);
        assertThat(c).hadWarningCount(1);
    }

    @Test
    void narrowedClaimThatIsCoveredIsSilent() {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(
                driver("@HandlesAllFaults(type = FaultType.UNRECOVERABLE, stage = {Stage.PTE, Stage.PGD}, strict = true)",
                        "  @OnFault(stage = {Stage.PTE, Stage.PGD}) void onTables() {}"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void fallbacksCoverEverything() {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(
                driver("@HandlesAllFaults(strict = true)",
                        "  @OnFault(stage = Stage.PTE) void onPte() {}",
                        "  @OnFault void onAny() {}",
                        "  @OnFault(type = FaultType.PAGE_REQUEST) PageResponse onRequest() {"
                                + " return PageResponse.INVALID; }"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void fallbackShadowedAtEveryStageIsUnreachable() {
        JavaFileObject src = driver("",
                "  @OnFault(stage = {Stage.CONTEXT, Stage.PASID}) void a() {}",
                "  @OnFault(stage = {Stage.PGD, Stage.PTE, Stage.NONE}) void b() {}",
                "  @OnFault(access = Flag.WRITE) void never() {}");
        Compilation c = Sources.compile(src);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining(Messages.UNREACHABLE.format("D.never", "D",
                "D.a at CONTEXT, D.a at PASID, D.b at PGD, D.b at PTE, D.b at NONE")).inFile(src).onLine(7);
        assertThat(c).hadWarningCount(1);
    }

    @Test
    void strictMakesUnreachableAnError() {
        JavaFileObject src = driver("@HandlesAllFaults(type = FaultType.UNRECOVERABLE, stage = Stage.PTE, strict = true)",
                "  @OnFault(stage = Stage.PTE) void a() {}",
                "  @OnFault(stage = Stage.PTE, access = Flag.READ) void read() {}",
                "  @OnFault void any() {}");
        Compilation c = Sources.compile(src);
        // 'any' still runs at the other stages: only a handler shadowed at all of its stages is unreachable.
        assertThat(c).succeededWithoutWarnings();

        JavaFileObject shadowed = driver("@HandlesAllFaults(strict = true)",
                "  @OnFault void any() {}",
                "  @OnFault(type = FaultType.PAGE_REQUEST) PageResponse onRequest() { return PageResponse.INVALID; }",
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE) PageResponse a() {"
                        + " return PageResponse.SUCCESS; }",
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE, reason = 1, pasid = Pasid.ABSENT)"
                        + " PageResponse b() { return PageResponse.SUCCESS; }");
        c = Sources.compile(shadowed);
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void inheritedHandlerShadowedBySubclassIsReportedOnTheSubclass() {
        JavaFileObject sub = Sources.source("test.Sub",
                "package test;",
                IMPORTS,
                "@HandlesAllFaults(type = FaultType.UNRECOVERABLE, strict = true)",
                "public class Sub extends Base {",
                "  @OnFault(stage = {Stage.CONTEXT, Stage.PASID, Stage.PGD, Stage.PTE, Stage.NONE}) void all() {}",
                "}");
        Compilation c = Sources.compile(Sources.source("test.Base",
                "package test;",
                IMPORTS,
                "public class Base {",
                "  @OnFault void any() {}",
                "}"), sub);
        assertThat(c).hadErrorContaining(Messages.UNREACHABLE_STRICT.format("Base.any", "Sub",
                "Sub.all at CONTEXT, Sub.all at PASID, Sub.all at PGD, Sub.all at PTE, Sub.all at NONE"))
                .inFile(sub).onLine(4);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void subclassWithoutOwnHandlersGetsADispatcherThroughTheAnnotation() throws Exception {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(
                Sources.source("test.Base",
                        "package test;",
                        IMPORTS,
                        "public abstract class Base {",
                        "  public int calls;",
                        "  @OnFault void any() { calls++; }",
                        "  @OnFault(type = FaultType.PAGE_REQUEST) abstract PageResponse onRequest();",
                        "}"),
                Sources.source("test.Sub",
                        "package test;",
                        IMPORTS,
                        "@HandlesAllFaults(strict = true)",
                        "public class Sub extends Base {",
                        "  @Override PageResponse onRequest() { return PageResponse.SUCCESS; }",
                        "}"));
        assertThat(c).succeededWithoutWarnings();
        FaultDispatcher<?> d = GeneratedDispatcherTest.dispatcherOf(c, "test.Sub");
        assertEquals(Disposition.HANDLED, d.dispatchUnrecoverable(GeneratedDispatcherTest.fault(Stage.NONE)));
        assertEquals(1, d.driver().getClass().getField("calls").getInt(d.driver()));
        assertTrue(Sources.generated(c, "test.Sub_FaultDispatcher").contains("FaultDispatcher<Sub>"));
    }

    @Test
    void annotationOnAnInterfaceIsAnError() {
        JavaFileObject src = Sources.source("test.I",
                "package test;",
                IMPORTS,
                "@HandlesAllFaults",
                "public interface I {}");
        Compilation c = Sources.compile(src);
        assertThat(c).hadErrorContaining(Messages.COVERAGE_ON_INTERFACE.format("test.I")).inFile(src).onLine(4);
        assertThat(c).hadErrorCount(1);
    }
}
