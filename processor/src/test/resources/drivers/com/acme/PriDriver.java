package com.acme;

import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.OnFault.Pasid;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestGroup;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.List;

/** The deferring golden driver: a handler answering later through a PageResponder, and one taking a group. */
public class PriDriver {
    public final List<String> calls = new ArrayList<>();
    public final List<PageRequestGroup> groups = new ArrayList<>();
    /** The responder of the last deferred group: a worker answers through it later. */
    public volatile PageResponder pending;

    /** Shared virtual memory: the page is faulted in by a worker thread, which answers when done. */
    @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PTE, pasid = Pasid.PRESENT)
    void onSvaFault(PageRequestGroup group, PageResponder responder, PageRequest last) {
        calls.add("onSvaFault " + last.groupIndex());
        groups.add(group);
        pending = responder;
    }

    /** Synchronous, but sees every request of the group. */
    @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PGD)
    PageResponse onTableGroup(PageRequestGroup group) {
        calls.add("onTableGroup " + group.size());
        groups.add(group);
        return PageResponse.SUCCESS;
    }

    /** Defers every request at the PASID stage, whatever its PASID. */
    @OnFault(type = FaultType.PAGE_REQUEST, stage = Stage.PASID)
    void onPasidFault(PageResponder responder) {
        calls.add("onPasidFault");
        pending = responder;
    }

    @OnFault(type = FaultType.PAGE_REQUEST)
    PageResponse onPageRequest(PageRequest request) {
        calls.add("onPageRequest " + request.groupIndex());
        return PageResponse.INVALID;
    }

    @OnFault(stage = Stage.PTE)
    void onPte() {
        calls.add("onPte");
    }
}
