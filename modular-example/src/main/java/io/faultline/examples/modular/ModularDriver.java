package io.faultline.examples.modular;

import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.FaultType;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.List;

/** A small driver compiled inside a JPMS module. */
public class ModularDriver {
    private final List<String> seen = new ArrayList<>();

    public ModularDriver() {
    }

    @OnFault(stage = Stage.PTE)
    void onPte(UnrecoverableFault fault) {
        seen.add("PTE 0x" + Long.toHexString(fault.address()));
    }

    @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE)
    PageResponse onPageRequest(PageRequest request) {
        seen.add("page request group " + request.groupIndex());
        return PageResponse.SUCCESS;
    }

    public List<String> seen() {
        return seen;
    }
}
