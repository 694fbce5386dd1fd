package io.faultline.adapters;

import io.faultline.api.Disposition;
import io.faultline.api.Fault;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.List;

/**
 * What a generated dispatcher does, written by hand, for any family's router test: claims every
 * PTE-stage fault, answers every page request SUCCESS, and keeps each fault it was given, in order.
 */
public final class PteDispatcher implements FaultDispatcher<List<Fault>> {
    private final List<Fault> seen = new ArrayList<>();

    @Override
    public List<Fault> driver() {
        return seen;
    }

    @Override
    public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
        seen.add(fault);
        return Disposition.HANDLED;
    }

    @Override
    public PageResponse dispatchPageRequest(PageRequest request) {
        seen.add(request);
        return PageResponse.SUCCESS;
    }

    @Override
    public boolean handles(FaultType type, Stage stage) {
        return stage == Stage.PTE;
    }
}
