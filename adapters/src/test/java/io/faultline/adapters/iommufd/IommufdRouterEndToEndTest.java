package io.faultline.adapters.iommufd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.adapters.VectorFile;
import io.faultline.api.Disposition;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouterStats;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Fault fd bytes in, through the router, response bytes out: each group answered once, in iommufd's format. */
class IommufdRouterEndToEndTest {
    private static final VectorFile FILE = VectorFile.load("iommufd.json");

    /** A hand-written stand-in for a generated dispatcher: answers page requests with {@code answer}. */
    private record Driver(Function<PageRequest, PageResponse> answer, List<PageRequest> seen)
            implements FaultDispatcher<Object> {
        @Override
        public Object driver() {
            return this;
        }

        @Override
        public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
            return null;
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest request) {
            seen.add(request);
            return answer.apply(request);
        }

        @Override
        public boolean handles(FaultType type, Stage stage) {
            return type == FaultType.PAGE_REQUEST;
        }
    }

    @Test
    void groupsReadFromAPipeAreAnsweredOnceEachThroughTheRouter() throws Exception {
        StringBuilder in = new StringBuilder();
        FILE.stream("page-request").filter(v -> v.name().startsWith("group-a-")).sorted(
                java.util.Comparator.comparing(VectorFile.Vector::name)).forEach(v -> in.append(v.hex()));
        in.append(FILE.get("selftest-trigger-iopf").hex()); // dev_id 2, cookie 1
        in.append(FILE.get("pr-smmu-stall-16bit-grpid").hex()); // dev_id 9, cookie 11: no driver bound
        byte[] records = HexFormat.of().parseHex(in.toString());

        Pipe faultFd = Pipe.open();
        Pipe responseFd = Pipe.open();
        List<PageRequest> downgraded = new ArrayList<>();
        IommufdResponseSink responses = new IommufdResponseSink(responseFd.sink(), downgraded::add);
        // A router configured to send FAILURE for a throwing handler (the default is INVALID), so
        // that the adapter's FAILURE -> INVALID downgrade is exercised end to end.
        FaultRouter router = FaultRouter.builder().responseSink(responses)
                .failedHandlerResponse(PageResponse.FAILURE).build();
        List<PageRequest> nicSeen = new ArrayList<>();
        List<PageRequest> gpuSeen = new ArrayList<>();
        router.bind(5, new Driver(r -> PageResponse.SUCCESS, nicSeen));
        router.bind(2, new Driver(r -> {
            throw new IllegalStateException("handler bug");
        }, gpuSeen));

        ByteBuffer src = ByteBuffer.wrap(records);
        while (src.hasRemaining()) {
            faultFd.sink().write(src);
        }
        faultFd.sink().close();
        RecordingListener listener = new RecordingListener();
        IommufdFaultReader reader = new IommufdFaultReader(faultFd.source(), router, responses, listener);
        long delivered = reader.readAll();
        responseFd.sink().close();

        ByteBuffer out = ByteBuffer.allocate(64);
        while (responseFd.source().read(out) >= 0) {
            assertTrue(out.hasRemaining(), "more responses than expected");
        }
        String written = HexFormat.of().formatHex(out.array(), 0, out.position());
        // group-a SUCCESS with cookie 7; selftest group: the handler threw, the router's FAILURE went
        // out as INVALID (iommufd has no FAILURE); dev_id 9 has no driver: INVALID
        assertEquals(FILE.get("resp-success-group-a").hex() + FILE.get("resp-invalid-cookie1").hex()
                + "0b00000001000000", written);
        assertEquals(records.length / 40, delivered);
        assertEquals(1, nicSeen.size(), "one handler call per group");
        assertEquals(1, gpuSeen.size());
        assertEquals(gpuSeen, downgraded);
        assertEquals(0, responses.pendingGroups());
        assertTrue(listener.malformed.isEmpty());
        RouterStats stats = router.stats();
        assertEquals(1, stats.responses(PageResponse.SUCCESS));
        assertEquals(1, stats.responses(PageResponse.FAILURE), "the router sent FAILURE; the wire got INVALID");
        assertEquals(1, stats.responses(PageResponse.INVALID));
        assertEquals(0, stats.responseFailures());
        long partials = FILE.stream("page-request").filter(v -> v.name().startsWith("group-a-")).count() - 1;
        assertEquals(partials, stats.count(io.faultline.runtime.RouteOutcome.GROUP_PENDING), "group-a's partial records");
    }
}
