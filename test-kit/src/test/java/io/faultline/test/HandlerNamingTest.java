package io.faultline.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageResponse;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.runtime.RouteOutcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handler the kit names is the one the generated dispatcher ran, with selectors and inheritance. */
@FaultlineTest
class HandlerNamingTest {

    static class Selective {
        final List<String> ran = new ArrayList<>();

        @OnFault(stage = Stage.PTE)
        void onPte() {
            ran.add("onPte");
        }

        @OnFault(stage = Stage.PTE, access = OnFault.Flag.WRITE)
        void onWrite() {
            ran.add("onWrite");
        }

        @OnFault(stage = Stage.PTE, family = Family.ARM_SMMU_V3, reason = {0x10, 0x11})
        void onTranslation() {
            ran.add("onTranslation");
        }

        @OnFault(type = FaultType.PAGE_REQUEST, pasid = OnFault.Pasid.PRESENT)
        PageResponse onSva() {
            ran.add("onSva");
            return PageResponse.SUCCESS;
        }
    }

    /** Overrides one handler without an annotation (it keeps its selectors) and re-annotates another. */
    static class Derived extends Selective {
        @Override
        void onPte() {
            ran.add("Derived.onPte");
        }

        @Override
        @OnFault(stage = Stage.CONTEXT)
        void onWrite() {
            ran.add("Derived.onWrite");
        }
    }

    @Test
    void theMostSpecificMatchingHandlerIsNamed(FaultInjector faults) {
        Selective d = faults.bind(HandlerNamingTest_Selective_FaultDispatcher.of(new Selective()));
        faults.unrecoverable().read().inject().assertHandler("onPte");
        faults.unrecoverable().write().inject().assertHandler("onWrite");
        faults.unrecoverable().family(Family.ARM_SMMU_V3).reason(Reason.of(0x10, "F_TRANSLATION")).write().inject()
                .assertHandler("onTranslation");
        faults.unrecoverable().family(Family.INTEL_VTD).reason(Reason.of(0x10, "other")).write().inject()
                .assertHandler("onWrite");
        faults.pageRequest().pasid(1).inject().assertHandler("onSva").assertResponse(PageResponse.SUCCESS);
        faults.pageRequest().group(1).inject().assertOutcome(RouteOutcome.NO_HANDLER).assertNoHandler()
                .assertResponse(PageResponse.INVALID);
        assertEquals(List.of("onPte", "onWrite", "onTranslation", "onWrite", "onSva"), d.ran);
    }

    @Test
    void inheritedAndOverriddenHandlersAreNamedAsTheyRun(FaultInjector faults) {
        Derived d = faults.bind(HandlerNamingTest_Derived_FaultDispatcher.of(new Derived()));
        faults.unrecoverable().read().inject().assertHandler("onPte");
        faults.unrecoverable().write().inject().assertHandler("onPte");
        faults.unrecoverable().stage(Stage.CONTEXT).inject().assertHandler("Derived.onWrite");
        assertEquals(List.of("Derived.onPte", "Derived.onPte", "Derived.onWrite"), d.ran);
    }
}
