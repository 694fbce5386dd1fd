package io.faultline.examples.sva;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.PageResponse;
import io.faultline.test.FaultInjector;
import io.faultline.test.Injection;
import io.faultline.test.FaultlineTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@FaultlineTest
class SvaPagerTest {
    final List<String> mapped = new ArrayList<>();

    SvaPager pager() {
        SvaPager p = new SvaPager((rid, pasid, page, w) -> mapped.add(String.format("%d:0x%x%s", pasid, page, w ? " rw" : " ro")));
        p.allow(1, 0x400000, 0x10000, true);   // heap
        p.allow(1, 0x600000, 0x1000, false);   // read-only data
        return p;
    }

    @Test
    void mapsAPageInsideTheAllowedRangesAndAnswersSuccess(FaultInjector faults) {
        faults.bind(SvaPager_FaultDispatcher.of(pager()));
        faults.pageRequest().pasid(1).address(0x403123).write().inject()
                .assertHandler("onPageRequests").assertReturned(PageResponse.SUCCESS).assertResponse(PageResponse.SUCCESS);
        assertEquals(List.of("1:0x403000 rw"), mapped);
    }

    @Test
    void outsideTheRangesOrWritingReadOnlyIsInvalid(FaultInjector faults) {
        faults.bind(SvaPager_FaultDispatcher.of(pager()));
        faults.pageRequest().pasid(1).address(0x500000).read().inject().assertResponse(PageResponse.INVALID);
        faults.pageRequest().pasid(1).group(1).address(0x600000).write().inject().assertResponse(PageResponse.INVALID);
        faults.pageRequest().pasid(2).group(2).address(0x400000).read().inject().assertResponse(PageResponse.INVALID);
        faults.pageRequest().group(3).address(0x400000).read().inject().assertResponse(PageResponse.INVALID);
        assertTrue(mapped.isEmpty(), mapped::toString);
    }

    @Test
    void aGroupOfSeveralRequestsIsAnsweredOnce(FaultInjector faults) {
        SvaPager p = faults.bind(SvaPager_FaultDispatcher.of(pager()));
        Injection last = faults.pageRequest().pasid(1).group(9).read().injectGroup(0x400000, 0x401000, 0x402000)
                .assertHandler("onPageRequests").assertResponse(PageResponse.SUCCESS);
        assertEquals(3, last.groupSizeSeen(), "the handler saw the whole group");
        assertEquals(List.of("1:0x400000 rw", "1:0x401000 rw", "1:0x402000 rw"), mapped);
        assertEquals(1, faults.responses().size());
        assertEquals(1, p.actions().size());
    }

    @Test
    void oneRequestOutsideTheRangesMakesTheWholeGroupInvalidAndMapsNothing(FaultInjector faults) {
        faults.bind(SvaPager_FaultDispatcher.of(pager()));
        faults.pageRequest().pasid(1).group(10).read().injectGroup(0x400000, 0x800000)
                .assertResponse(PageResponse.INVALID);
        assertTrue(mapped.isEmpty(), mapped::toString);
    }
}
