package com.acme;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.List;

/** The golden driver: every handler shape, explicit stages and a page-request fallback. */
public class NicDriver {
    public final List<String> calls = new ArrayList<>();

    @OnFault(stage = Stage.CONTEXT)
    Disposition onContext(UnrecoverableFault fault) {
        calls.add("onContext " + fault.stage());
        return Disposition.HANDLED;
    }

    @OnFault(stage = Stage.PTE)
    void onPte(Fault fault) {
        calls.add("onPte " + fault.stage());
    }

    @OnFault(stage = {Stage.PGD, Stage.PASID})
    public Disposition onTables() {
        calls.add("onTables");
        return Disposition.DEFAULT_ACTION;
    }

    @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE)
    protected PageResponse onPageRequest(PageRequest request) {
        calls.add("onPageRequest " + request.groupIndex());
        return PageResponse.SUCCESS;
    }

    @OnFault(type = FaultType.PAGE_REQUEST)
    PageResponse onOtherPageRequest() {
        calls.add("onOtherPageRequest");
        return PageResponse.INVALID;
    }
}
