package com.acme;

import io.faultline.api.Disposition;
import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.OnFault.Flag;
import io.faultline.api.OnFault.Pasid;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.List;

/** The selector golden driver: one handler per selector, and the specificity order between them. */
public class SvaDriver {
    public final List<String> calls = new ArrayList<>();

    /** Most specific at PTE: a reason and a family. */
    @OnFault(stage = Stage.PTE, reason = {0x10, 0x11}, family = Family.ARM_SMMU_V3)
    void onSmmuTranslation(UnrecoverableFault fault) {
        calls.add("onSmmuTranslation");
    }

    /** One access flag beats a PASID selector. */
    @OnFault(stage = Stage.PTE, access = Flag.WRITE)
    Disposition onWritePte() {
        calls.add("onWritePte");
        return Disposition.HANDLED;
    }

    @OnFault(stage = Stage.PTE, pasid = Pasid.PRESENT)
    void onSvaPte() {
        calls.add("onSvaPte");
    }

    @OnFault(stage = Stage.PTE)
    void onPte() {
        calls.add("onPte");
    }

    @OnFault(stage = Stage.CONTEXT, family = Family.INTEL_VTD)
    void onVtdContext() {
        calls.add("onVtdContext");
    }

    /** A fallback with selectors: any stage no explicit handler took. */
    @OnFault(access = {Flag.EXEC, Flag.PRIVILEGED})
    void onPrivilegedExec() {
        calls.add("onPrivilegedExec");
    }

    @OnFault(type = FaultType.PAGE_REQUEST, pasid = Pasid.ABSENT)
    PageResponse onKernelPageRequest(PageRequest request) {
        calls.add("onKernelPageRequest");
        return PageResponse.INVALID;
    }

    @OnFault(type = FaultType.PAGE_REQUEST)
    PageResponse onPageRequest() {
        calls.add("onPageRequest");
        return PageResponse.SUCCESS;
    }
}
