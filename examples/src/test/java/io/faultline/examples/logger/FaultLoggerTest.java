package io.faultline.examples.logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.api.Access;
import io.faultline.api.Family;
import io.faultline.api.PageResponse;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.test.FaultInjector;
import io.faultline.test.FaultlineTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@FaultlineTest
class FaultLoggerTest {

    @Test
    void oneReadableLinePerFaultWhateverTheStage(FaultInjector faults) {
        List<String> out = new ArrayList<>();
        faults.bind(FaultLogger_FaultDispatcher.of(new FaultLogger(out::add)));
        faults.unrecoverable().family(Family.ARM_SMMU_V3).pasid(1).stage(Stage.PTE).address(0x9000).write()
                .reason(Reason.of(0x10, "F_TRANSLATION")).inject().assertHandler("log");
        faults.unrecoverable().stage(Stage.CONTEXT).inject().assertHandler("log");
        faults.unrecoverable().stage(Stage.NONE).access(Access.UNKNOWN).inject().assertHandler("log");
        assertEquals(List.of(
                "arm-smmu-v3 rid 0x100 pasid 1: PTE fault, write at 0x9000 (F_TRANSLATION); culprit: device"
                        + " driver, default action REPORT_TO_DEVICE_DRIVER",
                "synthetic rid 0x100: CONTEXT fault, unknown (no address); culprit: host iommu driver,"
                        + " default action SHUT_DOWN_DEVICE",
                "synthetic rid 0x100: NONE fault, unknown (no address); culprit: unknown, default action LOG_ONLY"),
                out);
    }

    @Test
    void noArgumentConstructorWritesToStandardOutputForFaultlineReplay(FaultInjector faults) {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            FaultLogger logger = faults.bind(FaultLogger_FaultDispatcher.of(new FaultLogger()));
            faults.unrecoverable().stage(Stage.PTE).address(0x9000).read().inject().assertHandler("log");
            assertEquals(1, logger.lines());
        } finally {
            System.setOut(saved);
        }
        assertEquals("synthetic rid 0x100: PTE fault, read at 0x9000; culprit: device driver, default action "
                + "REPORT_TO_DEVICE_DRIVER" + System.lineSeparator(), captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void pageRequestsAreLoggedAndRefusedWithInvalidNeverFailure(FaultInjector faults) {
        List<String> out = new ArrayList<>();
        FaultLogger logger = faults.bind(FaultLogger_FaultDispatcher.of(new FaultLogger(out::add)));
        faults.pageRequest().pasid(2).group(5).address(0x7000).read().inject()
                .assertHandler("refuse").assertResponse(PageResponse.INVALID);
        assertEquals(List.of("synthetic rid 0x100 pasid 2: PTE page request, group 5 (last), read at 0x7000"
                + " -> INVALID (the logger maps nothing)"), out);
        assertEquals(1, logger.lines());
    }
}
