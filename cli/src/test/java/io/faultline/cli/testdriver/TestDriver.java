package io.faultline.cli.testdriver;

import io.faultline.api.Disposition;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.List;

/** A driver as a user writes it; the processor generates {@code TestDriver_FaultDispatcher} when the tests compile. */
public class TestDriver {
    public final List<String> calls = new ArrayList<>();

    @OnFault(stage = Stage.PTE)
    public Disposition onPte(UnrecoverableFault f) {
        calls.add("pte@" + Long.toHexString(f.address()));
        return f.access().write() ? Disposition.HANDLED : Disposition.DEFAULT_ACTION;
    }

    @OnFault(stage = Stage.PGD)
    public Disposition onPgd(UnrecoverableFault f) {
        throw new IllegalStateException("page table of 0x" + Long.toHexString(f.address()) + " is gone");
    }

    @OnFault(stage = Stage.PTE, type = FaultType.PAGE_REQUEST)
    public PageResponse onPageRequest(PageRequest p) {
        calls.add("pr@" + Long.toHexString(p.address()));
        return PageResponse.SUCCESS;
    }
}
