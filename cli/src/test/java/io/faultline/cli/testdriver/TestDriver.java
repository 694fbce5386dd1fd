package io.faultline.cli.testdriver;

import io.faultline.api.Disposition;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.List;

/** A driver as a user writes it (the @OnFault annotations are left out: no processor in this module's tests). */
public class TestDriver {
    public final List<String> calls = new ArrayList<>();

    public Disposition onPte(UnrecoverableFault f) {
        calls.add("pte@" + Long.toHexString(f.address()));
        return f.access().write() ? Disposition.HANDLED : Disposition.DEFAULT_ACTION;
    }

    public Disposition onPgd(UnrecoverableFault f) {
        throw new IllegalStateException("page table of 0x" + Long.toHexString(f.address()) + " is gone");
    }

    public PageResponse onPageRequest(PageRequest p) {
        calls.add("pr@" + Long.toHexString(p.address()));
        return PageResponse.SUCCESS;
    }
}
