package io.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every {@code @OnFault} rule: the message, the file and the line of the offending element. */
class ValidationTest {
    private static final String IMPORTS = "import io.faultline.api.*;";

    /** A driver {@code test.D}: line 1 package, line 2 imports, line 3 the class, members from line 4. */
    private static JavaFileObject driver(String... members) {
        String[] lines = new String[members.length + 4];
        lines[0] = "package test;";
        lines[1] = IMPORTS;
        lines[2] = "public class D {";
        System.arraycopy(members, 0, lines, 3, members.length);
        lines[lines.length - 1] = "}";
        return Sources.source("test.D", lines);
    }

    /** Exactly one error, this one, at this line; and no dispatcher. */
    private static void assertOnlyError(JavaFileObject src, int line, Messages message, Object... args) {
        RecordingProcessor p = new RecordingProcessor();
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(p).compile(src);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining(message.format(args)).inFile(src).onLine(line);
        assertThat(c).hadErrorCount(1);
        assertEquals(List.of(), p.created(), "nothing generated for a driver with errors");
    }

    /** Exactly one error, FL104 for this handler, at this line of {@code src}. */
    private static void assertLocalClassError(String handler, JavaFileObject src, int line, JavaFileObject... others) {
        JavaFileObject[] all = new JavaFileObject[others.length + 1];
        System.arraycopy(others, 0, all, 0, others.length);
        all[others.length] = src;
        Compilation c = Sources.compile(all);
        assertThat(c).hadErrorContaining(Messages.LOCAL_CLASS.format(handler)).inFile(src).onLine(line);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void privateHandler() {
        assertOnlyError(driver("  @OnFault private void onPte() {}"), 4, Messages.PRIVATE_HANDLER, "D.onPte");
    }

    @Test
    void staticHandler() {
        assertOnlyError(driver("  @OnFault static void onPte() {}"), 4, Messages.STATIC_HANDLER, "D.onPte");
    }

    @Test
    void handlerInPrivateClass() {
        assertOnlyError(driver(
                "  private static class Inner {",
                "    @OnFault void onPte() {}",
                "  }"), 5, Messages.PRIVATE_CLASS, "D.Inner.onPte", "Inner", "Inner");
    }

    @Test
    void handlerInClassWithPrivateEnclosingClass() {
        assertOnlyError(driver(
                "  private static class Mid {",
                "    static class Inner {",
                "      @OnFault void onPte() {}",
                "    }",
                "  }"), 6, Messages.PRIVATE_CLASS, "D.Mid.Inner.onPte", "Mid", "Mid");
    }

    @Test
    void handlerInLocalClass() {
        // A valid handler elsewhere in the compilation: javac shows the processor only named classes.
        JavaFileObject src = driver(
                "  @OnFault void onAny() {}",
                "  void run() {",
                "    class Local {",
                "      @OnFault void onPte() {}",
                "    }",
                "  }");
        assertLocalClassError("Local.onPte", src, 7);
    }

    @Test
    void handlerInAnonymousClass() {
        JavaFileObject src = driver(
                "  @OnFault void onAny() {}",
                "  Object o = new Object() {",
                "      @io.faultline.api.OnFault void onPte() {}",
                "  };");
        assertLocalClassError("<anonymous class>.onPte", src, 6);
    }

    @Test
    void handlerInAnonymousClassWithoutAnyNamedHandler() {
        // No named element carries a Faultline annotation, so javac never calls process(): the enter
        // listener must still find it, once.
        JavaFileObject src = Sources.source("test.D",
                "package test;",
                "public class D {",
                "  Object o = new Object() {",
                "      @io.faultline.api.OnFault void onPte() {}",
                "  };",
                "}");
        assertLocalClassError("<anonymous class>.onPte", src, 4);
    }

    @Test
    void handlerInLocalClassOfAnotherFileWithoutAnyNamedHandler() {
        JavaFileObject plain = Sources.source("test.Plain", "package test;", "public class Plain {}");
        JavaFileObject src = Sources.source("test.D",
                "package test;",
                "import io.faultline.api.OnFault;",
                "public class D {",
                "  @Override public String toString() {",
                "    class Local {",
                "      @OnFault void onPte() {}",
                "    }",
                "    return new Local().toString();",
                "  }",
                "}");
        assertLocalClassError("Local.onPte", src, 6, plain);
    }

    @Test
    void tooManyParameters() {
        assertOnlyError(driver("  @OnFault void onPte(Fault a, Fault b) {}"), 4, Messages.BAD_PARAMETERS,
                "UNRECOVERABLE", "D.onPte", "io.faultline.api.Fault, io.faultline.api.Fault", "an UnrecoverableFault");
    }

    @Test
    void wrongParameterType() {
        assertOnlyError(driver("  @OnFault void onPte(String s) {}"), 4, Messages.BAD_PARAMETERS,
                "UNRECOVERABLE", "D.onPte", "java.lang.String", "an UnrecoverableFault");
    }

    @Test
    void pageRequestParameterOnUnrecoverableHandler() {
        assertOnlyError(driver("  @OnFault void onPte(PageRequest r) {}"), 4, Messages.BAD_PARAMETERS,
                "UNRECOVERABLE", "D.onPte", "io.faultline.api.PageRequest", "an UnrecoverableFault");
    }

    @Test
    void unrecoverableParameterOnPageRequestHandler() {
        assertOnlyError(driver("  @OnFault(type = FaultType.PAGE_REQUEST) PageResponse onPr(UnrecoverableFault f) {"
                        + " return PageResponse.INVALID; }"), 4, Messages.BAD_PARAMETERS,
                "PAGE_REQUEST", "D.onPr", "io.faultline.api.UnrecoverableFault",
                "a PageRequest, plus at most one PageRequestGroup and one PageResponder, in any order");
    }

    @Test
    void wrongReturnOfUnrecoverableHandler() {
        assertOnlyError(driver("  @OnFault int onPte() { return 0; }"), 4, Messages.BAD_RETURN,
                "UNRECOVERABLE", "D.onPte", "int", "void or Disposition");
    }

    @Test
    void pageResponseFromUnrecoverableHandler() {
        assertOnlyError(driver("  @OnFault PageResponse onPte() { return null; }"), 4, Messages.BAD_RETURN,
                "UNRECOVERABLE", "D.onPte", "io.faultline.api.PageResponse", "void or Disposition");
    }

    @Test
    void voidPageRequestHandlerWithoutResponder() {
        assertOnlyError(driver("  @OnFault(type = FaultType.PAGE_REQUEST) void onPr() {}"), 4,
                Messages.VOID_WITHOUT_RESPONDER, "D.onPr");
    }

    @Test
    void voidGroupHandlerWithoutResponder() {
        assertOnlyError(driver(
                "  @OnFault(type = FaultType.PAGE_REQUEST)",
                "  void onGroup(PageRequestGroup group) {}"), 5, Messages.VOID_WITHOUT_RESPONDER, "D.onGroup");
    }

    @Test
    void otherReturnOfPageRequestHandler() {
        assertOnlyError(driver("  @OnFault(type = FaultType.PAGE_REQUEST) int onPr() { return 0; }"), 4,
                Messages.BAD_RETURN, "PAGE_REQUEST", "D.onPr", "int",
                "PageResponse (or void, with a PageResponder parameter)");
    }

    @Test
    void responderHandlerReturningPageResponse() {
        assertOnlyError(driver(
                "  @OnFault(type = FaultType.PAGE_REQUEST)",
                "  PageResponse onPr(PageRequest r, PageResponder responder) { return PageResponse.SUCCESS; }"), 5,
                Messages.RESPONDER_NOT_VOID, "D.onPr", "io.faultline.api.PageResponse");
    }

    @Test
    void responderOnUnrecoverableHandlerIsReportedOnTheParameter() {
        assertOnlyError(driver(
                "  @OnFault(stage = Stage.PTE) void onPte(Fault f,",
                "      PageResponder responder) {}"), 5, Messages.NOT_FOR_UNRECOVERABLE, "D.onPte", "PageResponder");
    }

    @Test
    void groupOnUnrecoverableHandler() {
        assertOnlyError(driver("  @OnFault void onAny(PageRequestGroup group) {}"), 4,
                Messages.NOT_FOR_UNRECOVERABLE, "D.onAny", "PageRequestGroup");
    }

    @Test
    void responderTwiceIsReportedOnTheSecond() {
        assertOnlyError(driver(
                "  @OnFault(type = FaultType.PAGE_REQUEST) void onPr(PageResponder a, PageRequest r,",
                "      PageResponder b) {}"), 5, Messages.PARAMETER_TWICE, "D.onPr", "a PageResponder", 1, 3);
    }

    @Test
    void faultAndPageRequestAreTheRequestTwice() {
        assertOnlyError(driver(
                "  @OnFault(type = FaultType.PAGE_REQUEST) PageResponse onPr(Fault f, PageRequest r) {"
                        + " return PageResponse.SUCCESS; }"), 4, Messages.PARAMETER_TWICE, "D.onPr", "the request", 1, 2);
    }

    @Test
    void groupTwice() {
        assertOnlyError(driver(
                "  @OnFault(type = FaultType.PAGE_REQUEST) void onPr(PageRequestGroup a,",
                "      PageResponder r,",
                "      PageRequestGroup b) {}"), 6, Messages.PARAMETER_TWICE, "D.onPr",
                "a PageRequestGroup", 1, 3);
    }

    @Test
    void requestGroupAndResponderInAnyOrderAreValid() {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(driver(
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE)",
                "  void deferred(PageResponder r, PageRequestGroup g, PageRequest p) {}",
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PGD)",
                "  void deferredAlone(PageResponder r) {}",
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PASID)",
                "  PageResponse grouped(PageRequestGroup g, Fault f) { return PageResponse.SUCCESS; }"));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("test.D_FaultDispatcher");
    }

    @Test
    void twoHandlersForOneStage() {
        assertOnlyError(driver(
                "  @OnFault(stage = {Stage.PGD, Stage.PTE}) void first() {}",
                "  @OnFault(stage = Stage.PTE) void second() {}"), 5, Messages.DUPLICATE_HANDLER,
                "D.first", "D.second", "UNRECOVERABLE", "stage PTE");
    }

    @Test
    void twoHandlersSharingSeveralStagesGetOneError() {
        assertOnlyError(driver(
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = {Stage.PGD, Stage.PTE}) PageResponse first() {"
                        + " return PageResponse.SUCCESS; }",
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = {Stage.PTE, Stage.PGD, Stage.NONE})"
                        + " PageResponse second() { return PageResponse.SUCCESS; }"), 5, Messages.DUPLICATE_HANDLER,
                "D.first", "D.second", "PAGE_REQUEST", "stages PGD, PTE");
    }

    @Test
    void sameStageForDifferentTypesIsFine() {
        Compilation c = Sources.compile(driver(
                "  @OnFault(stage = Stage.PTE) void unrecoverable() {}",
                "  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE) PageResponse request() {"
                        + " return PageResponse.SUCCESS; }"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void twoFallbacks() {
        assertOnlyError(driver(
                "  @OnFault void first() {}",
                "  @OnFault(type = FaultType.UNRECOVERABLE) void second(Fault f) {}"), 5, Messages.DUPLICATE_FALLBACK,
                "D.first", "D.second", "UNRECOVERABLE");
    }

    @Test
    void emptyStageList() {
        assertOnlyError(driver("  @OnFault(stage = {}) void never() {}"), 4, Messages.EMPTY_STAGES, "D.never");
    }

    @Test
    void repeatedStage() {
        assertOnlyError(driver("  @OnFault(stage = {Stage.PTE, Stage.PGD, Stage.PTE}) void onPte() {}"), 4,
                Messages.REPEATED_STAGE, "D.onPte", "PTE");
    }

    @Test
    void checkedException() {
        assertOnlyError(driver("  @OnFault void onPte() throws java.io.IOException {}"), 4,
                Messages.CHECKED_EXCEPTION, "D.onPte", "java.io.IOException");
    }

    @Test
    void uncheckedExceptionsMayBeDeclared() {
        Compilation c = Sources.compile(driver(
                "  @OnFault void onPte() throws IllegalStateException, AssertionError {}"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void genericHandler() {
        assertOnlyError(driver("  @OnFault <T> void onPte() {}"), 4, Messages.GENERIC_HANDLER, "D.onPte");
    }

    @Test
    void varargsHandler() {
        assertOnlyError(driver("  @OnFault void onPte(Fault... faults) {}"), 4, Messages.VARARGS_HANDLER, "D.onPte");
    }

    @Test
    void handlerInInterface() {
        JavaFileObject src = Sources.source("test.I",
                "package test;",
                IMPORTS,
                "public interface I {",
                "  @OnFault default void onPte() {}",
                "  @OnFault void onContext();",
                "}");
        Compilation c = Sources.compile(src);
        assertThat(c).hadErrorContaining(Messages.HANDLER_IN_INTERFACE.format("I.onPte", "test.I"))
                .inFile(src).onLine(4);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void everyErrorOfADriverIsReportedAndOtherDriversStillGenerate() {
        JavaFileObject bad = driver(
                "  @OnFault private void a() {}",
                "  @OnFault static int b() { return 0; }",
                "  @OnFault(stage = {}) void c(String s) throws Exception {}");
        JavaFileObject good = Sources.source("test.Good",
                "package test;",
                IMPORTS,
                "public class Good {",
                "  @OnFault void any() {}",
                "}");
        RecordingProcessor p = new RecordingProcessor();
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(p).compile(bad, good);
        assertThat(c).hadErrorContaining("[FL101]").inFile(bad).onLine(4);
        assertThat(c).hadErrorContaining("[FL102]").inFile(bad).onLine(5);
        assertThat(c).hadErrorContaining("[FL106]").inFile(bad).onLine(5);
        assertThat(c).hadErrorContaining("[FL105]").inFile(bad).onLine(6);
        assertThat(c).hadErrorContaining("[FL111]").inFile(bad).onLine(6);
        assertThat(c).hadErrorContaining("[FL109]").inFile(bad).onLine(6);
        assertThat(c).hadErrorCount(6);
        assertEquals(List.of("test.Good_FaultDispatcher"), p.created());
    }

    @Test
    void onFaultOnAConstructorIsJavacsErrorNotACrash() {
        JavaFileObject src = driver("  @OnFault D() {}");
        Compilation c = Sources.compile(src);
        assertThat(c).failed();
        List<String> errors = c.errors().stream().map(d -> d.getMessage(null)).collect(Collectors.toList());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(!errors.get(0).contains("[FL"), "javac's own @Target error: " + errors);
        assertEquals(4, c.errors().get(0).getLineNumber());
    }

    @Test
    void unexpectedExceptionBecomesOneErrorWithAReportHint() {
        JavaFileObject src = driver("  @OnFault void onPte() {}");
        Compilation c = com.google.testing.compile.Compiler.javac()
                .withProcessors(new FaultlineProcessor(type -> {
                    throw new IllegalStateException("boom");
                }))
                .compile(src);
        assertThat(c).failed();
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FL100]").inFile(src).onLine(3);
        assertThat(c).hadErrorContaining("please report this at the Faultline issue tracker");
        assertThat(c).hadErrorContaining("java.lang.IllegalStateException: boom");
        Diagnostic<? extends JavaFileObject> d = c.errors().get(0);
        assertTrue(!d.getMessage(null).contains("\n\tat "), "no stack trace: " + d.getMessage(null));
    }

    @Test
    void repeatedOnFaultIsJavacsErrorNotACrash() {
        JavaFileObject src = driver("  @OnFault @OnFault(stage = Stage.PTE) void onPte() {}");
        Compilation c = Sources.compile(src);
        assertThat(c).hadErrorContaining("OnFault").inFile(src).onLine(4);
        assertThat(c).hadErrorCount(1);
        assertTrue(!c.errors().get(0).getMessage(null).contains("[FL"), c.errors().toString());
    }

    @Test
    void onFaultOnAFieldIsJavacsErrorNotACrash() {
        JavaFileObject src = driver("  @OnFault int notAHandler;");
        Compilation c = Sources.compile(src);
        assertThat(c).hadErrorContaining("not applicable").inFile(src).onLine(4);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void crashOutsideAnyDriverIsStillOneDiagnostic() {
        JavaFileObject src = driver("  @OnFault void onPte() {}");
        // A round environment that fails: what a broken build tool wrapper might hand the processor.
        FaultlineProcessor crashing = new FaultlineProcessor();
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new javax.annotation.processing
                .AbstractProcessor() {
            @Override
            public java.util.Set<String> getSupportedAnnotationTypes() {
                return crashing.getSupportedAnnotationTypes();
            }

            @Override
            public javax.lang.model.SourceVersion getSupportedSourceVersion() {
                return crashing.getSupportedSourceVersion();
            }

            @Override
            public synchronized void init(javax.annotation.processing.ProcessingEnvironment env) {
                super.init(env);
                crashing.init(env);
            }

            @Override
            public boolean process(java.util.Set<? extends javax.lang.model.element.TypeElement> annotations,
                    javax.annotation.processing.RoundEnvironment round) {
                return crashing.process(annotations, (javax.annotation.processing.RoundEnvironment)
                        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {javax.annotation.processing.RoundEnvironment.class},
                                (proxy, method, args) -> {
                                    throw new IllegalStateException("round broken");
                                }));
            }
        }).compile(src);
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FL100] Faultline failed unexpectedly while processing this compilation"
                + " round: java.lang.IllegalStateException: round broken at ");
        assertThat(c).hadErrorContaining("please report this at the Faultline issue tracker");
    }
}
