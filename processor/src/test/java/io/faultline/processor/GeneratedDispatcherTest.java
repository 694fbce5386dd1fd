package io.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.faultline.api.Disposition;
import io.faultline.api.Family;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The generated dispatcher: its exact source, and what it does once compiled and run. */
class GeneratedDispatcherTest {
    private static final String NIC = "drivers/com/acme/NicDriver.java";

    @Test
    void nicDriverSourceEqualsGoldenFile() {
        Compilation c = Sources.compile(Sources.resource(NIC));
        assertThat(c).succeededWithoutWarnings();
        String actual = Sources.generated(c, "com.acme.NicDriver_FaultDispatcher");
        Sources.updateGoldenIfAsked("NicDriver_FaultDispatcher.java", actual);
        assertEquals(Sources.readResource("golden/NicDriver_FaultDispatcher.java"), actual);
    }

    @Test
    void goldenDispatcherCompilesAndCallsTheRightHandlers() throws Exception {
        // The golden file itself, compiled next to the driver without the processor: what is checked in runs.
        Compilation c = Sources.compilerWithoutProcessor().compile(Sources.resource(NIC),
                Sources.resource("golden/NicDriver_FaultDispatcher.java"));
        assertThat(c).succeededWithoutWarnings();
        ClassLoader loader = Sources.classLoader(c);
        Object driver = loader.loadClass("com.acme.NicDriver").getConstructor().newInstance();
        FaultDispatcher<?> dispatcher = (FaultDispatcher<?>) loader.loadClass("com.acme.NicDriver_FaultDispatcher")
                .getMethod("of", driver.getClass()).invoke(null, driver);
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) driver.getClass().getField("calls").get(driver);

        assertSame(driver, dispatcher.driver());
        assertEquals(Disposition.HANDLED, dispatcher.dispatchUnrecoverable(fault(Stage.CONTEXT)));
        assertEquals(Disposition.HANDLED, dispatcher.dispatchUnrecoverable(fault(Stage.PTE)));
        assertEquals(Disposition.DEFAULT_ACTION, dispatcher.dispatchUnrecoverable(fault(Stage.PGD)));
        assertEquals(Disposition.DEFAULT_ACTION, dispatcher.dispatchUnrecoverable(fault(Stage.PASID)));
        assertNull(dispatcher.dispatchUnrecoverable(fault(Stage.NONE)), "no handler for NONE");
        assertEquals(PageResponse.SUCCESS, dispatcher.dispatchPageRequest(request(Stage.PTE, 7)));
        assertEquals(PageResponse.INVALID, dispatcher.dispatchPageRequest(request(Stage.CONTEXT, 8)));
        assertEquals(List.of("onContext CONTEXT", "onPte PTE", "onTables", "onTables", "onPageRequest 7",
                "onOtherPageRequest"), calls);

        for (Stage s : Stage.values()) {
            assertEquals(s != Stage.NONE, dispatcher.handles(FaultType.UNRECOVERABLE, s), s.name());
            assertTrue(dispatcher.handles(FaultType.PAGE_REQUEST, s), "page-request fallback covers " + s);
        }
    }

    @Test
    void generatedSourceCompilesCleanUnderXlintAllWerror() {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(Sources.resource(NIC));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("com.acme.NicDriver_FaultDispatcher");
    }

    @Test
    void deprecatedDriverAndHandlerStillCompileCleanUnderWerror() {
        JavaFileObject src = Sources.source("test.Old",
                "package test;",
                "import io.faultline.api.*;",
                "@Deprecated public class Old {",
                "  @Deprecated(forRemoval = true) @OnFault(stage = Stage.PTE) void onPte() {}",
                "}");
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(src);
        assertThat(c).succeededWithoutWarnings();
        String out = Sources.generated(c, "test.Old_FaultDispatcher");
        assertTrue(out.contains("@SuppressWarnings({") && out.contains("\"deprecation\"") && out.contains("\"removal\""),
                out);
    }

    @Test
    void nullFromAHandlerNamesTheHandler() throws Exception {
        JavaFileObject src = Sources.source("test.Nulls",
                "package test;",
                "import io.faultline.api.*;",
                "public class Nulls {",
                "  @OnFault(stage = Stage.PTE) Disposition onPte() { return null; }",
                "  @OnFault(type = FaultType.PAGE_REQUEST) PageResponse onRequest() { return null; }",
                "}");
        Compilation c = Sources.compile(src);
        assertThat(c).succeededWithoutWarnings();
        FaultDispatcher<?> d = dispatcherOf(c, "test.Nulls");
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> d.dispatchUnrecoverable(fault(Stage.PTE)));
        assertTrue(e.getMessage().startsWith("Nulls.onPte returned null"), e.getMessage());
        e = assertThrows(NullPointerException.class, () -> d.dispatchPageRequest(request(Stage.PTE, 1)));
        assertTrue(e.getMessage().startsWith("Nulls.onRequest returned null"), e.getMessage());
    }

    @Test
    void fallbackRunsOnlyWhereNoExplicitHandlerDoes() throws Exception {
        JavaFileObject src = Sources.source("test.Fallback",
                "package test;",
                "import io.faultline.api.*;",
                "public class Fallback {",
                "  public final StringBuilder log = new StringBuilder();",
                "  @OnFault void any(Fault f) { log.append(\"any:\").append(f.stage()).append(' '); }",
                "  @OnFault(stage = Stage.PTE) void pte() { log.append(\"pte \"); }",
                "}");
        Compilation c = Sources.compile(src);
        assertThat(c).succeededWithoutWarnings();
        FaultDispatcher<?> d = dispatcherOf(c, "test.Fallback");
        for (Stage s : Stage.values()) {
            assertEquals(Disposition.HANDLED, d.dispatchUnrecoverable(fault(s)));
        }
        assertNull(d.dispatchPageRequest(request(Stage.PTE, 0)), "no page-request handler");
        assertFalse(d.handles(FaultType.PAGE_REQUEST, Stage.PTE));
        assertEquals("any:CONTEXT any:PASID any:PGD pte any:NONE ",
                d.driver().getClass().getField("log").get(d.driver()).toString());
    }

    @Test
    void nestedDriverGetsFlattenedDispatcherName() throws Exception {
        JavaFileObject src = Sources.source("test.Outer",
                "package test;",
                "import io.faultline.api.*;",
                "public class Outer {",
                "  public static class Inner {",
                "    public int seen;",
                "    @OnFault(stage = Stage.CONTEXT) void onContext() { seen++; }",
                "  }",
                "}");
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(src);
        assertThat(c).succeededWithoutWarnings();
        String out = Sources.generated(c, "test.Outer_Inner_FaultDispatcher");
        assertTrue(out.contains("implements FaultDispatcher<Outer.Inner>"), out);
        assertTrue(out.contains("public static Outer_Inner_FaultDispatcher of(Outer.Inner driver)"), out);
        FaultDispatcher<?> d = dispatcherOf(c, "test.Outer$Inner", "test.Outer_Inner_FaultDispatcher");
        d.dispatchUnrecoverable(fault(Stage.CONTEXT));
        assertEquals(1, d.driver().getClass().getField("seen").getInt(d.driver()));
    }

    @Test
    void outputIsIndependentOfDeclarationOrder() {
        String a = Sources.generated(Sources.compile(Sources.source("test.D",
                "package test;",
                "import io.faultline.api.*;",
                "public class D {",
                "  @OnFault(stage = Stage.PTE) void b() {}",
                "  @OnFault(stage = {Stage.PGD, Stage.CONTEXT}) void a() {}",
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PASID) PageResponse p() { return null; }",
                "  @OnFault void z() {}",
                "}")), "test.D_FaultDispatcher");
        String b = Sources.generated(Sources.compile(Sources.source("test.D",
                "package test;",
                "import io.faultline.api.*;",
                "public class D {",
                "  @OnFault void z() {}",
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PASID) PageResponse p() { return null; }",
                "  @OnFault(stage = {Stage.CONTEXT, Stage.PGD}) void a() {}",
                "  @OnFault(stage = Stage.PTE) void b() {}",
                "}")), "test.D_FaultDispatcher");
        assertEquals(a, b);
        assertTrue(a.indexOf("case CONTEXT:") < a.indexOf("case PGD:") && a.indexOf("case PGD:") < a.indexOf("case PTE:"), a);
    }

    @Test
    void packagePrivateDriverGetsPackagePrivateDispatcher() {
        Compilation c = Sources.compile(Sources.source("test.Hidden",
                "package test;",
                "import io.faultline.api.*;",
                "class Hidden {",
                "  @OnFault void any() {}",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        assertTrue(Sources.generated(c, "test.Hidden_FaultDispatcher").contains("\nfinal class Hidden_FaultDispatcher"));
    }

    @Test
    void driverInTheUnnamedPackage() throws Exception {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(Sources.source("Plain",
                "import io.faultline.api.*;",
                "public class Plain {",
                "  public int calls;",
                "  @OnFault void any() { calls++; }",
                "}"));
        assertThat(c).succeededWithoutWarnings();
        FaultDispatcher<?> d = dispatcherOf(c, "Plain");
        d.dispatchUnrecoverable(fault(Stage.PGD));
        assertEquals(1, d.driver().getClass().getField("calls").getInt(d.driver()));
    }

    static FaultDispatcher<?> dispatcherOf(Compilation c, String driverClass) throws Exception {
        return dispatcherOf(c, driverClass, driverClass + "_FaultDispatcher");
    }

    static FaultDispatcher<?> dispatcherOf(Compilation c, String driverClass, String dispatcherClass)
            throws Exception {
        ClassLoader loader = Sources.classLoader(c);
        Class<?> driverType = loader.loadClass(driverClass);
        var ctor = driverType.getDeclaredConstructor();
        ctor.setAccessible(true);
        Object driver = ctor.newInstance();
        var of = loader.loadClass(dispatcherClass).getDeclaredMethod("of", driverType);
        of.setAccessible(true);
        return (FaultDispatcher<?>) of.invoke(null, driver);
    }

    static UnrecoverableFault fault(Stage stage) {
        return UnrecoverableFault.builder(Family.SYNTHETIC).stage(stage).build();
    }

    static PageRequest request(Stage stage, int group) {
        return PageRequest.builder(Family.SYNTHETIC).stage(stage).groupIndex(group).lastInGroup(true).build();
    }
}
