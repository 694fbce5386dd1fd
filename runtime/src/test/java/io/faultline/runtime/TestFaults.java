package io.faultline.runtime;

import io.faultline.api.Disposition;
import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestScope;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Faults, sinks and hand-written dispatchers shared by the router tests. */
final class TestFaults {
    private TestFaults() {
    }

    static UnrecoverableFault fault(int rid, Stage stage) {
        return UnrecoverableFault.builder(Family.SYNTHETIC).requesterId(rid).stage(stage).address(0x1000).build();
    }

    static PageRequest request(int rid, int pasid, int group, boolean last) {
        PageRequest.Builder b = PageRequest.builder(Family.SYNTHETIC).requesterId(rid).groupIndex(group)
                .lastInGroup(last).address(0x2000L + group * 0x1000L);
        if (pasid >= 0) {
            b.pasid(pasid);
        }
        return b.build();
    }

    /** Records every response sent, thread-safely. */
    static final class Sink implements PageResponseSink {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(PageRequest last, PageResponse response) {
            sent.add(last.requesterId() + "/" + last.pasid() + "/" + last.groupIndex() + ":" + response);
        }
    }

    /** A fake nanosecond clock. */
    static final class Clock implements java.util.function.LongSupplier {
        long now = 1_000_000_000L;

        @Override
        public long getAsLong() {
            return now;
        }

        void advanceMillis(long ms) {
            now += ms * 1_000_000L;
        }
    }

    /**
     * A page-request driver as the processor would generate it for a handler taking a
     * {@code PageResponder}: it defers every group and keeps the responders.
     */
    static final class DeferringDispatcher extends BaseDispatcher {
        final List<PageResponder> responders = new ArrayList<>();
        final List<Integer> groupSizes = new ArrayList<>();

        @Override
        public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
            groupSizes.add(scope.group().size());
            responders.add(scope.defer());
            return null;
        }
    }

    /** Answers synchronously with a fixed response and records group sizes. */
    static class AnsweringDispatcher extends BaseDispatcher {
        final PageResponse response;
        final List<Integer> groupSizes = new ArrayList<>();

        AnsweringDispatcher(PageResponse response) {
            this.response = response;
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
            groupSizes.add(scope.group().size());
            return response;
        }
    }

    abstract static class BaseDispatcher implements io.faultline.api.FaultDispatcher<Object> {
        int unrecoverable;

        @Override
        public Object driver() {
            return this;
        }

        @Override
        public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
            unrecoverable++;
            return Disposition.HANDLED;
        }

        @Override
        public PageResponse dispatchPageRequest(PageRequest request) {
            throw new AssertionError("the router calls the scoped variant");
        }

        @Override
        public boolean handles(FaultType type, Stage stage) {
            return true;
        }
    }
}
