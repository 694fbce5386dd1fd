package io.faultline.cli.testdriver;

import io.faultline.api.Disposition;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;

/** Hand-written stand-in for what the processor generates for {@link TestDriver}: direct calls, no reflection. */
public final class TestDriver_FaultDispatcher implements FaultDispatcher<TestDriver> {
    private final TestDriver driver;

    public TestDriver_FaultDispatcher(TestDriver driver) {
        this.driver = driver;
    }

    @Override
    public TestDriver driver() {
        return driver;
    }

    @Override
    public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
        return switch (fault.stage()) {
            case PTE -> FaultDispatcher.requireDisposition(driver.onPte(fault), "TestDriver.onPte");
            case PGD -> FaultDispatcher.requireDisposition(driver.onPgd(fault), "TestDriver.onPgd");
            default -> null;
        };
    }

    @Override
    public PageResponse dispatchPageRequest(PageRequest request) {
        return request.stage() == Stage.PTE
                ? FaultDispatcher.requireResponse(driver.onPageRequest(request), "TestDriver.onPageRequest") : null;
    }

    @Override
    public boolean handles(FaultType type, Stage stage) {
        return type == FaultType.UNRECOVERABLE ? stage == Stage.PTE || stage == Stage.PGD : stage == Stage.PTE;
    }
}
