package io.faultline.benchmarks;

import io.faultline.api.Disposition;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;

/** TEMPORARY until the processor lands: what the generated dispatcher is expected to look like. */
final class StandInDispatcher implements FaultDispatcher<BenchDriver> {
    private final BenchDriver driver;

    StandInDispatcher(BenchDriver driver) {
        this.driver = driver;
    }

    @Override
    public BenchDriver driver() {
        return driver;
    }

    @Override
    public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
        switch (fault.stage()) {
            case CONTEXT -> driver.contextFault(fault);
            case PASID -> driver.pasidFault(fault);
            case PGD -> driver.pgdFault(fault);
            case PTE -> driver.pteFault(fault);
            default -> {
                return null;
            }
        }
        return Disposition.HANDLED;
    }

    @Override
    public PageResponse dispatchPageRequest(PageRequest request) {
        return switch (request.stage()) {
            case CONTEXT -> FaultDispatcher.requireResponse(driver.contextRequest(request), "contextRequest");
            case PASID -> FaultDispatcher.requireResponse(driver.pasidRequest(request), "pasidRequest");
            case PGD -> FaultDispatcher.requireResponse(driver.pgdRequest(request), "pgdRequest");
            case PTE -> FaultDispatcher.requireResponse(driver.pteRequest(request), "pteRequest");
            default -> null;
        };
    }

    @Override
    public boolean handles(FaultType type, Stage stage) {
        return stage != Stage.NONE;
    }
}
