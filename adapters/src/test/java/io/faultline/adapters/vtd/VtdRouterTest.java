package io.faultline.adapters.vtd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faultline.adapters.QueueListener;
import io.faultline.adapters.VectorFile;
import io.faultline.api.Disposition;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouteOutcome;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Simulated VT-d unit → fault registers and page request queue → router → driver → invalidation queue. */
class VtdRouterTest {
    private static final VectorFile FILE = VectorFile.load("intel-vtd.json");

    /** What a generated dispatcher does, written by hand: maps every PTE page request. */
    static final class MappingDispatcher implements FaultDispatcher<List<String>> {
        final List<String> calls = new ArrayList<>();

        @Override
        public List<String> driver() {
            return calls;
        }

        @Override
        public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
            calls.add("unrecoverable 0x" + Integer.toHexString(fault.reason().code()));
            return Disposition.HANDLED;
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest request) {
            calls.add("page request " + request.groupIndex() + " 0x" + Long.toHexString(request.address()));
            return PageResponse.SUCCESS;
        }

        @Override
        public boolean handles(FaultType type, Stage stage) {
            return stage == Stage.PTE;
        }
    }

    static String response(long rc, long rid, long pp, long pasid, long prgi) {
        return Layout.PGRP256.hex(Map.of("Type", 9L, "RC", rc, "RID", rid, "PP", pp, "PASID", pasid, "PRGI", prgi));
    }

    @Test
    void everyGroupIsAnsweredExactlyOnceInTheVtdFormat() {
        PrqUnit unit = new PrqUnit();
        unit.put(0, FILE.get("prd256-write-not-last").hex()); // RID 0x6500 PASID 0x42 group 26: held
        unit.put(1, FILE.get("prd256-stop-marker").hex()); // no fault, no response
        unit.put(2, FILE.get("prd256-pasid-read-lpig").hex()); // closes group 26: driver maps, SUCCESS
        unit.put(3, FILE.get("prd256-reserved-bits").hex()); // malformed, closes group 1: reader answers INVALID
        unit.put(4, FILE.get("prd256-no-pasid").hex()); // RID 0x100, no driver bound: router answers INVALID
        unit.reg(VtdRegisters.PQT, 5 * 32);

        VtdResponseSink responses = new VtdResponseSink(unit.regs, unit.iq, VtdResponseFormat.VTD4);
        FaultRouter router = FaultRouter.builder().responseSink(responses).build();
        MappingDispatcher gpu = new MappingDispatcher();
        router.bind(0x6500, gpu);
        router.bind(0x0010, gpu);

        Recorder listener = new Recorder();
        VtdPageRequestReader prq = new VtdPageRequestReader(unit.regs, unit.prq, ClearMode.MEMORY, router, listener,
                responses);
        assertEquals(3, prq.poll());

        // Fault recording registers of the same unit go to the same router.
        java.nio.ByteBuffer regs = VtdFaultRecordReaderTest.registers(2);
        byte[] frcd = HexFormat.of().parseHex(FILE.get("frcd-legacy-06-read").hex()); // SID 0x10, PTE
        regs.put(0x220, frcd);
        regs.put(0x230, HexFormat.of().parseHex(FILE.get("frcd-legacy-02-context-not-present").hex())); // SID 0x300
        VtdFaultRecordReaderTest.fsts(regs, VtdFaultStatus.PPF);
        assertEquals(2, new VtdFaultRecordReader(regs, ClearMode.MEMORY, router, QueueListener.IGNORE).poll());

        assertEquals(List.of("page request 26 0x7f1234567000", "unrecoverable 0x6"), gpu.calls);
        assertEquals(3, responses.sent(), "one descriptor per answered group, none for the held request or stop marker");
        assertEquals(3 * 32, unit.reg(VtdRegisters.IQT));
        assertEquals(FILE.get("pgrp256-success-pasid").hex(), unit.iqHex(0, 32));
        assertEquals(response(1, 25856, 1, 66, 1), unit.iqHex(1, 32), "malformed group answered INVALID by the reader");
        assertEquals(response(1, 256, 0, 0, 3), unit.iqHex(2, 32), "no driver: the router answers INVALID");
        assertEquals(1, prq.answeredInvalid());
        assertEquals(1, prq.stopMarkers());
        assertEquals(1, listener.malformed.size());
        assertEquals(1, router.stats().count(RouteOutcome.GROUP_PENDING));
        assertEquals(2, router.stats().count(RouteOutcome.HANDLED));
        assertEquals(2, router.stats().count(RouteOutcome.NO_DRIVER));
        assertEquals(1, router.stats().responses(PageResponse.SUCCESS));
        assertEquals(1, router.stats().responses(PageResponse.INVALID));
    }
}
