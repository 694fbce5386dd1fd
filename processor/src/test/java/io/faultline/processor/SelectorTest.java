package io.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.faultline.api.Access;
import io.faultline.api.Disposition;
import io.faultline.api.Family;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selectors (access, reason, family, PASID), their specificity order and the ambiguity errors. */
class SelectorTest {
    private static final String SVA = "drivers/com/acme/SvaDriver.java";
    private static final String IMPORTS = "import io.faultline.api.*; import io.faultline.api.OnFault.*;";

    @Test
    void svaDriverSourceEqualsGoldenFile() {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(Sources.resource(SVA));
        assertThat(c).succeededWithoutWarnings();
        String actual = Sources.generated(c, "com.acme.SvaDriver_FaultDispatcher");
        Sources.updateGoldenIfAsked("SvaDriver_FaultDispatcher.java", actual);
        assertEquals(Sources.readResource("golden/SvaDriver_FaultDispatcher.java"), actual);
    }

    @Test
    void goldenSelectorDispatcherPicksTheMostSpecificHandler() throws Exception {
        Compilation c = Sources.compilerWithoutProcessor().compile(Sources.resource(SVA),
                Sources.resource("golden/SvaDriver_FaultDispatcher.java"));
        assertThat(c).succeededWithoutWarnings();
        FaultDispatcher<?> d = GeneratedDispatcherTest.dispatcherOf(c, "com.acme.SvaDriver");

        assertEquals("onSmmuTranslation", run(d, pte(Family.ARM_SMMU_V3).reason(Reason.of(0x11, "F_ADDR_SIZE"))
                .access(Access.WRITE).pasid(3)));
        assertEquals("onPte", run(d, pte(Family.ARM_SMMU_V3).reason(Reason.of(0x12, "F_ACCESS"))),
                "reason not selected");
        assertEquals("onPte", run(d, pte(Family.INTEL_VTD).reason(Reason.of(0x10, "other vendor's 0x10"))),
                "reason of another family");
        assertEquals("onWritePte", run(d, pte(Family.INTEL_VTD).access(Access.WRITE).pasid(3)),
                "an access flag beats a PASID selector");
        assertEquals("onSvaPte", run(d, pte(Family.INTEL_VTD).access(Access.READ).pasid(0)));
        assertEquals("onPte", run(d, pte(Family.INTEL_VTD).access(Access.READ)));
        assertEquals("onVtdContext", run(d, fault(Family.INTEL_VTD, Stage.CONTEXT)));
        assertEquals("onPrivilegedExec", run(d, fault(Family.AMD_VI, Stage.CONTEXT)
                .access(Access.of(true, false, true, true))), "conditional fallback after explicit CONTEXT missed");
        assertEquals("null", run(d, fault(Family.AMD_VI, Stage.CONTEXT).access(Access.READ)));
        assertEquals("onPrivilegedExec", run(d, fault(Family.AMD_VI, Stage.PGD).access(Access.of(false, false, true,
                true))));
        assertEquals("null", run(d, fault(Family.AMD_VI, Stage.NONE).access(Access.of(false, false, true, false))),
                "EXEC alone is not EXEC and PRIVILEGED");

        assertEquals(PageResponse.INVALID, d.dispatchPageRequest(request().build()));
        assertEquals(PageResponse.SUCCESS, d.dispatchPageRequest(request().pasid(9).build()));
        assertTrue(d.handles(FaultType.UNRECOVERABLE, Stage.NONE), "a conditional fallback may handle NONE");
        assertTrue(d.handles(FaultType.PAGE_REQUEST, Stage.PGD));
    }

    private static String run(FaultDispatcher<?> d, UnrecoverableFault.Builder fault) throws Exception {
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) d.driver().getClass().getField("calls").get(d.driver());
        int before = calls.size();
        Disposition result = d.dispatchUnrecoverable(fault.build());
        if (result == null) {
            assertEquals(before, calls.size());
            return "null";
        }
        assertEquals(before + 1, calls.size(), "exactly one handler ran");
        return calls.get(before);
    }

    private static UnrecoverableFault.Builder pte(Family family) {
        return fault(family, Stage.PTE);
    }

    private static UnrecoverableFault.Builder fault(Family family, Stage stage) {
        return UnrecoverableFault.builder(family).stage(stage);
    }

    private static PageRequest.Builder request() {
        return PageRequest.builder(Family.IOMMUFD).lastInGroup(true);
    }

    /** Lines 1-2 package and imports, line 3 the class, members from line 4. */
    private static JavaFileObject driver(String... members) {
        String[] lines = new String[members.length + 4];
        lines[0] = "package test;";
        lines[1] = IMPORTS;
        lines[2] = "public class D {";
        System.arraycopy(members, 0, lines, 3, members.length);
        lines[lines.length - 1] = "}";
        return Sources.source("test.D", lines);
    }

    private static void assertOnlyError(JavaFileObject src, int line, Messages message, Object... args) {
        Compilation c = Sources.compile(src);
        assertThat(c).hadErrorContaining(message.format(args)).inFile(src).onLine(line);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void equallySpecificAccessSelectorsOverlap() {
        assertOnlyError(driver(
                "  @OnFault(stage = Stage.PTE, access = Flag.WRITE) void onWrite() {}",
                "  @OnFault(stage = Stage.PTE, access = Flag.READ) void onRead() {}"), 5, Messages.AMBIGUOUS,
                "D.onWrite", "D.onRead", "UNRECOVERABLE faults at stage PTE with access read|write");
    }

    @Test
    void equallySpecificReasonSelectorsSharingACodeOverlap() {
        assertOnlyError(driver(
                "  @OnFault(stage = {Stage.PGD, Stage.PTE}, reason = {0x10, 0x11}) void a() {}",
                "  @OnFault(stage = Stage.PTE, reason = {0x11, 0x12}) void b() {}"), 5, Messages.AMBIGUOUS,
                "D.a", "D.b", "UNRECOVERABLE faults at stage PTE, reason 0x11");
    }

    @Test
    void equallySpecificFallbacksWithSelectorsOverlap() {
        assertOnlyError(driver(
                "  @OnFault(type = FaultType.PAGE_REQUEST, family = Family.INTEL_VTD, pasid = Pasid.PRESENT)"
                        + " PageResponse a() { return PageResponse.SUCCESS; }",
                "  @OnFault(type = FaultType.PAGE_REQUEST, family = {Family.AMD_VI, Family.INTEL_VTD},"
                        + " pasid = Pasid.PRESENT) PageResponse b() { return PageResponse.SUCCESS; }"), 5,
                Messages.AMBIGUOUS, "D.a", "D.b", "PAGE_REQUEST faults at any stage, family INTEL_VTD,"
                        + " PASID present");
    }

    @Test
    void disjointSelectorsOfEqualSpecificityAreFine() {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(driver(
                "  @OnFault(stage = Stage.PTE, pasid = Pasid.PRESENT) void sva() {}",
                "  @OnFault(stage = Stage.PTE, pasid = Pasid.ABSENT) void kernel() {}",
                "  @OnFault(stage = Stage.PGD, reason = 0x10) void r10() {}",
                "  @OnFault(stage = Stage.PGD, reason = 0x11) void r11() {}",
                "  @OnFault(stage = Stage.PASID, family = Family.INTEL_VTD) void vtd() {}",
                "  @OnFault(stage = Stage.PASID, family = Family.AMD_VI) void amd() {}"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void differentSpecificityNeverConflicts() {
        Compilation c = Sources.compile(driver(
                "  @OnFault(stage = Stage.PTE, family = Family.INTEL_VTD) void vtd() {}",
                "  @OnFault(stage = Stage.PTE, access = {Flag.READ, Flag.WRITE, Flag.EXEC}) void rwx() {}",
                "  @OnFault(stage = Stage.PTE, pasid = Pasid.PRESENT) void sva() {}"));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void repeatedAccessFlag() {
        assertOnlyError(driver("  @OnFault(access = {Flag.WRITE, Flag.WRITE}) void a() {}"), 4,
                Messages.REPEATED_VALUE, "D.a", "WRITE", "access");
    }

    @Test
    void repeatedReasonCode() {
        assertOnlyError(driver("  @OnFault(reason = {0x10, 16}) void a() {}"), 4,
                Messages.REPEATED_VALUE, "D.a", "0x10", "reason");
    }

    @Test
    void repeatedFamily() {
        assertOnlyError(driver("  @OnFault(family = {Family.AMD_VI, Family.AMD_VI}) void a() {}"), 4,
                Messages.REPEATED_VALUE, "D.a", "AMD_VI", "family");
    }

    @Test
    void negativeReasonCode() {
        assertOnlyError(driver("  @OnFault(reason = -1) void a() {}"), 4, Messages.NEGATIVE_REASON, "D.a", -1);
    }

    /**
     * C2 inlines a hot method only up to FreqInlineSize (325 bytes of bytecode): the dispatch methods of a
     * driver with many selectors must stay well below, the selector chains living in helpers.
     */
    @Test
    void dispatchMethodsStayWithinTheInliningBudget(@TempDir Path out) throws Exception {
        List<String> members = new ArrayList<>();
        for (Stage s : Stage.values()) {
            for (int code = 0; code < 6; code++) {
                members.add("  @OnFault(stage = Stage." + s + ", reason = " + code + ") void r" + s + code + "() {}");
                members.add("  @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage." + s + ", reason = " + code
                        + ") PageResponse p" + s + code + "() { return PageResponse.SUCCESS; }");
            }
            members.add("  @OnFault(stage = Stage." + s + ", access = Flag.WRITE) void w" + s + "() {}");
            members.add("  @OnFault(stage = Stage." + s + ", pasid = Pasid.PRESENT) void s" + s + "() {}");
        }
        members.add("  @OnFault(access = Flag.EXEC) void anyExec() {}");
        members.add("  @OnFault(type = FaultType.PAGE_REQUEST) PageResponse anyRequest() { return null; }");
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror")
                .compile(driver(members.toArray(new String[0])));
        assertThat(c).succeededWithoutWarnings();
        Sources.writeClasses(c, out);
        String javap = javap(out.resolve("test/D_FaultDispatcher.class"));
        for (String method : List.of("dispatchUnrecoverable", "dispatchPageRequest", "handles")) {
            int size = codeSize(javap, method);
            assertTrue(size > 20 && size < 325, method + " is " + size + " bytes of bytecode");
        }
        for (Stage s : Stage.values()) {
            String stage = s.name().charAt(0) + s.name().substring(1).toLowerCase(java.util.Locale.ROOT);
            int size = codeSize(javap, "unrecoverableAt" + stage);
            assertTrue(size < 325, "unrecoverableAt" + stage + " is " + size + " bytes");
        }
        FaultDispatcher<?> d = GeneratedDispatcherTest.dispatcherOf(c, "test.D");
        assertEquals(Disposition.HANDLED, d.dispatchUnrecoverable(UnrecoverableFault.builder(Family.SYNTHETIC)
                .stage(Stage.PGD).reason(Reason.of(5, "five")).build()));
        assertNull(d.dispatchUnrecoverable(UnrecoverableFault.builder(Family.SYNTHETIC).stage(Stage.PGD).build()));
        assertFalse(d.dispatchPageRequest(PageRequest.builder(Family.SYNTHETIC).stage(Stage.NONE)
                .reason(Reason.of(3, "three")).build()) == null);
    }

    private static String javap(Path classFile) {
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("javap").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(out), "-c", "-p", classFile.toString());
        assertEquals(0, rc, out.toString());
        return out.toString();
    }

    /** The offset of a method's last instruction, plus one: a lower bound of its code length. */
    private static int codeSize(String javap, String method) {
        int start = javap.indexOf(" " + method + "(");
        assertTrue(start >= 0, "no method " + method + " in\n" + javap);
        int end = javap.indexOf("\n\n", start);
        Matcher m = Pattern.compile("(?m)^\\s+(\\d+): ").matcher(javap.substring(start, end < 0 ? javap.length() : end));
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last + 1;
    }
}
