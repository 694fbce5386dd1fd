package io.faultline.test;

import io.faultline.api.Disposition;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestGroup;
import io.faultline.api.PageRequestScope;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;

/**
 * Wraps a generated dispatcher: passes every call through unchanged and notes, for the injection in
 * progress, whether a handler ran, what it returned or threw, and whether it deferred its answer.
 */
final class RecordingDispatcher<D> implements FaultDispatcher<D> {
    private final FaultDispatcher<D> delegate;
    private final FaultInjector injector;

    RecordingDispatcher(FaultDispatcher<D> delegate, FaultInjector injector) {
        this.delegate = delegate;
        this.injector = injector;
    }

    FaultDispatcher<D> delegate() {
        return delegate;
    }

    @Override
    public D driver() {
        return delegate.driver();
    }

    @Override
    public Disposition dispatchUnrecoverable(UnrecoverableFault fault) {
        Call call = injector.call(fault, driver());
        try {
            Disposition d = delegate.dispatchUnrecoverable(fault);
            call.returned(d);
            return d;
        } catch (RuntimeException | Error e) {
            call.thrown = e;
            throw e;
        }
    }

    @Override
    public PageResponse dispatchPageRequest(PageRequest request) {
        Call call = injector.call(request, driver());
        try {
            PageResponse r = delegate.dispatchPageRequest(request);
            call.returned(r);
            return r;
        } catch (RuntimeException | Error e) {
            call.thrown = e;
            throw e;
        }
    }

    @Override
    public PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
        Call call = injector.call(last, driver());
        PageRequestScope watched = new PageRequestScope() {
            @Override
            public PageRequestGroup group() {
                PageRequestGroup g = scope.group();
                call.groupSize = g.size();
                return g;
            }

            @Override
            public PageResponder defer() {
                call.deferred = true;
                return scope.defer();
            }
        };
        try {
            PageResponse r = delegate.dispatchPageRequest(last, watched);
            call.returned(r);
            return r;
        } catch (RuntimeException | Error e) {
            call.thrown = e;
            throw e;
        }
    }

    @Override
    public boolean handles(FaultType type, Stage stage) {
        return delegate.handles(type, stage);
    }

    /** What happened in one dispatch. */
    static final class Call {
        final String handler;
        boolean dispatched;
        Object returned;
        Throwable thrown;
        boolean deferred;
        int groupSize;

        Call(String handler) {
            this.handler = handler;
        }

        void returned(Object value) {
            dispatched = true;
            returned = value;
        }

        /** Whether a handler method ran: it returned something, deferred, or threw. */
        boolean handlerRan() {
            return returned != null || deferred || thrown != null;
        }
    }
}
