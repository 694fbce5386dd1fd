package io.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.faultline.processor.GeneratedDispatcherTest.fault;
import static io.faultline.processor.GeneratedDispatcherTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.faultline.api.Disposition;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handlers in superclasses (source and class files), overrides, generic and abstract drivers, interfaces. */
class InheritanceTest {
    private static final String IMPORTS = "import io.faultline.api.*;";

    private static final JavaFileObject ABSTRACT_BASE = Sources.source("lib.BaseNic",
            "package lib;",
            IMPORTS,
            "public abstract class BaseNic {",
            "  public final StringBuilder log = new StringBuilder();",
            "  @OnFault(stage = Stage.CONTEXT) public abstract Disposition onContext();",
            "  @OnFault(stage = Stage.PTE) public void onPte() { log.append(\"base.onPte \"); }",
            "  @OnFault(stage = Stage.PGD) public void onPgd() { log.append(\"base.onPgd \"); }",
            "}");

    private static final JavaFileObject SUB = Sources.source("app.Nic",
            "package app;",
            IMPORTS,
            "public class Nic extends lib.BaseNic {",
            "  @Override public Disposition onContext() { log.append(\"nic.onContext \"); return Disposition.HANDLED; }",
            "  @Override public void onPte() { log.append(\"nic.onPte \"); }",
            "  @OnFault(type = FaultType.PAGE_REQUEST) PageResponse onRequest() {",
            "    log.append(\"nic.onRequest \");",
            "    return PageResponse.SUCCESS;",
            "  }",
            "}");

    @Test
    void inheritedHandlersFromSourceRunOnceAndOverridesWin() throws Exception {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(ABSTRACT_BASE, SUB);
        assertThat(c).succeededWithoutWarnings();
        assertInheritedDispatch(Sources.classLoader(c));
    }

    @Test
    void superclassOnlyAsClassFile(@TempDir Path lib) throws Exception {
        Compilation base = Sources.compile(ABSTRACT_BASE);
        assertThat(base).succeededWithoutWarnings();
        Sources.writeClasses(base, lib);
        Compilation sub = Sources.compiler().withOptions("-Xlint:all", "-Werror")
                .withClasspath(List.of(lib.toFile(), Sources.apiLocation())).compile(SUB);
        assertThat(sub).succeededWithoutWarnings();
        assertInheritedDispatch(Sources.classLoader(base, sub));
    }

    private static void assertInheritedDispatch(ClassLoader loader) throws Exception {
        Object nic = loader.loadClass("app.Nic").getConstructor().newInstance();
        FaultDispatcher<?> d = (FaultDispatcher<?>) loader.loadClass("app.Nic_FaultDispatcher")
                .getMethod("of", nic.getClass()).invoke(null, nic);
        assertEquals(Disposition.HANDLED, d.dispatchUnrecoverable(fault(Stage.CONTEXT)));
        assertEquals(Disposition.HANDLED, d.dispatchUnrecoverable(fault(Stage.PTE)));
        assertEquals(Disposition.HANDLED, d.dispatchUnrecoverable(fault(Stage.PGD)));
        assertEquals(null, d.dispatchUnrecoverable(fault(Stage.NONE)));
        assertEquals(PageResponse.SUCCESS, d.dispatchPageRequest(request(Stage.PTE, 1)));
        assertEquals("nic.onContext nic.onPte base.onPgd nic.onRequest ", log(nic));

        // The abstract base's own dispatcher serves any subclass instance too.
        Class<?> baseType = loader.loadClass("lib.BaseNic");
        FaultDispatcher<?> b = (FaultDispatcher<?>) loader.loadClass("lib.BaseNic_FaultDispatcher")
                .getMethod("of", baseType).invoke(null, nic);
        b.dispatchUnrecoverable(fault(Stage.PTE));
        assertFalse(b.handles(FaultType.PAGE_REQUEST, Stage.PTE), "the base has no page-request handler");
        assertTrue(log(nic).endsWith("nic.onRequest nic.onPte "), log(nic));
    }

    private static String log(Object driver) throws Exception {
        return driver.getClass().getField("log").get(driver).toString();
    }

    @Test
    void annotatedOverrideReplacesTheInheritedSelectors() throws Exception {
        Compilation c = Sources.compile(
                Sources.source("test.Base",
                        "package test;",
                        IMPORTS,
                        "public class Base {",
                        "  @OnFault(stage = Stage.PTE) void onFault() {}",
                        "}"),
                Sources.source("test.Sub",
                        "package test;",
                        IMPORTS,
                        "public class Sub extends Base {",
                        "  public int calls;",
                        "  @Override @OnFault(stage = Stage.PGD) void onFault() { calls++; }",
                        "}"));
        assertThat(c).succeededWithoutWarnings();
        FaultDispatcher<?> d = GeneratedDispatcherTest.dispatcherOf(c, "test.Sub");
        assertTrue(d.handles(FaultType.UNRECOVERABLE, Stage.PGD));
        assertFalse(d.handles(FaultType.UNRECOVERABLE, Stage.PTE));
        d.dispatchUnrecoverable(fault(Stage.PGD));
        assertEquals(1, d.driver().getClass().getField("calls").getInt(d.driver()));
    }

    @Test
    void ownHandlerClashingWithInheritedOneIsAnErrorOnTheOwnHandler() {
        JavaFileObject sub = Sources.source("test.Sub",
                "package test;",
                IMPORTS,
                "public class Sub extends Base {",
                "  @OnFault(stage = Stage.PTE) void mine() {}",
                "}");
        Compilation c = Sources.compile(Sources.source("test.Base",
                "package test;",
                IMPORTS,
                "public class Base {",
                "  @OnFault(stage = {Stage.PGD, Stage.PTE}) void theirs() {}",
                "}"), sub);
        assertThat(c).hadErrorContaining(Messages.DUPLICATE_HANDLER.format("Base.theirs", "Sub.mine", "UNRECOVERABLE",
                "stage PTE")).inFile(sub).onLine(4);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void protectedHandlerOfAClassFileBaseInAnotherPackageIsUnreachable(@TempDir Path lib) {
        Compilation base = Sources.compile(Sources.source("lib.Base",
                "package lib;",
                IMPORTS,
                "public class Base {",
                "  @OnFault protected void onAny() {}",
                "}"));
        Sources.writeClasses(base, lib);
        JavaFileObject sub = Sources.source("app.Sub",
                "package app;",
                IMPORTS,
                "public class Sub extends lib.Base {",
                "  @OnFault(stage = Stage.PTE) void onPte() {}",
                "}");
        Compilation c = Sources.compiler().withClasspath(List.of(lib.toFile(), Sources.apiLocation())).compile(sub);
        assertThat(c).hadErrorContaining(Messages.INHERITED_NOT_ACCESSIBLE.format("Base.onAny", "Sub", "protected",
                "lib", "app")).inFile(sub).onLine(3);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void invalidHandlerOfAClassFileCompiledWithoutTheProcessorIsReportedOnTheSubclass(@TempDir Path lib) {
        Compilation base = Sources.compilerWithoutProcessor().compile(Sources.source("lib.Base",
                "package lib;",
                IMPORTS,
                "public class Base {",
                "  @OnFault public int onAny() { return 0; }",
                "}"));
        assertThat(base).succeededWithoutWarnings();
        Sources.writeClasses(base, lib);
        JavaFileObject sub = Sources.source("app.Sub",
                "package app;",
                IMPORTS,
                "public class Sub extends lib.Base {",
                "  @OnFault(stage = Stage.PTE) void onPte() {}",
                "}");
        Compilation c = Sources.compiler().withClasspath(List.of(lib.toFile(), Sources.apiLocation())).compile(sub);
        assertThat(c).hadErrorContaining(Messages.BAD_RETURN.format("UNRECOVERABLE", "Base.onAny", "int",
                "void or Disposition")).inFile(sub).onLine(3);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void baseErrorsCompiledHereAreReportedOnceOnTheBase() {
        JavaFileObject base = Sources.source("test.Base",
                "package test;",
                IMPORTS,
                "public class Base {",
                "  @OnFault private void onAny() {}",
                "}");
        Compilation c = Sources.compile(base, Sources.source("test.Sub",
                "package test;",
                IMPORTS,
                "public class Sub extends Base {",
                "  @OnFault(stage = Stage.PTE) void onPte() {}",
                "}"));
        assertThat(c).hadErrorContaining(Messages.PRIVATE_HANDLER.format("Base.onAny")).inFile(base).onLine(4);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void genericDriverAndGenericBase() throws Exception {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(
                Sources.source("test.Queue",
                        "package test;",
                        IMPORTS,
                        "public abstract class Queue<E extends CharSequence> {",
                        "  public final java.util.List<E> seen = new java.util.ArrayList<>();",
                        "  abstract E name();",
                        "  @OnFault(stage = Stage.PTE) void onPte() { seen.add(name()); }",
                        "}"),
                Sources.source("test.Nic",
                        "package test;",
                        IMPORTS,
                        "public class Nic<T extends Comparable<T>> extends Queue<String> {",
                        "  String name() { return \"nic\"; }",
                        "  @OnFault(stage = Stage.CONTEXT) void onContext() { seen.add(\"ctx\"); }",
                        "}"));
        assertThat(c).succeededWithoutWarnings();
        String out = Sources.generated(c, "test.Nic_FaultDispatcher");
        assertTrue(out.contains("public final class Nic_FaultDispatcher<T extends Comparable<T>>"
                + " implements FaultDispatcher<Nic<T>>"), out);
        assertTrue(out.contains("public static <T extends Comparable<T>> Nic_FaultDispatcher<T> of(Nic<T> driver)"),
                out);
        FaultDispatcher<?> d = GeneratedDispatcherTest.dispatcherOf(c, "test.Nic");
        d.dispatchUnrecoverable(fault(Stage.PTE));
        d.dispatchUnrecoverable(fault(Stage.CONTEXT));
        assertEquals(List.of("nic", "ctx"), d.driver().getClass().getField("seen").get(d.driver()));
    }

    @Test
    void innerClassOfGenericClassIsRejected() {
        JavaFileObject src = Sources.source("test.Outer",
                "package test;",
                IMPORTS,
                "public class Outer<T> {",
                "  public class Inner {",
                "    @OnFault void onAny() {}",
                "  }",
                "}");
        Compilation c = Sources.compile(src);
        assertThat(c).hadErrorContaining(Messages.INNER_OF_GENERIC.format("Outer.Inner", "Outer", "Outer.Inner"))
                .inFile(src).onLine(5);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void handlerInheritedFromAClassFileInterfaceIsAnError(@TempDir Path lib) {
        Compilation iface = Sources.compilerWithoutProcessor().compile(Sources.source("lib.Handlers",
                "package lib;",
                IMPORTS,
                "public interface Handlers {",
                "  @OnFault(stage = Stage.PTE) default void onPte() {}",
                "}"));
        assertThat(iface).succeededWithoutWarnings();
        Sources.writeClasses(iface, lib);
        JavaFileObject nic = Sources.source("app.Nic",
                "package app;",
                IMPORTS,
                "public class Nic implements lib.Handlers {",
                "  @OnFault(stage = Stage.CONTEXT) void onContext() {}",
                "}");
        Compilation c = Sources.compiler().withClasspath(List.of(lib.toFile(), Sources.apiLocation())).compile(nic);
        assertThat(c).hadErrorContaining(Messages.INHERITED_FROM_INTERFACE.format("Nic", "Handlers.onPte",
                "lib.Handlers", "Nic")).inFile(nic).onLine(3);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void annotatedOverrideOfAnInterfaceDefaultIsTheHandler(@TempDir Path lib) throws Exception {
        Compilation iface = Sources.compilerWithoutProcessor().compile(Sources.source("lib.Handlers",
                "package lib;",
                IMPORTS,
                "public interface Handlers {",
                "  @OnFault(stage = Stage.PTE) default void onPte() {}",
                "}"));
        Sources.writeClasses(iface, lib);
        Compilation c = Sources.compiler().withClasspath(List.of(lib.toFile(), Sources.apiLocation()))
                .compile(Sources.source("app.Nic",
                        "package app;",
                        IMPORTS,
                        "public class Nic implements lib.Handlers {",
                        "  @Override @OnFault(stage = Stage.PTE) public void onPte() {}",
                        "}"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("app.Nic_FaultDispatcher");
    }
}
