package io.faultline.api;

/**
 * Routes a fault to one driver's handlers. Implemented by the code the Faultline processor generates
 * for each driver class ({@code Foo_FaultDispatcher}); a router calls it. Implementations call the
 * handler methods directly: no reflection, no method handles.
 *
 * <p>Exceptions thrown by a handler propagate to the caller (the router counts them).
 *
 * @param <D> the driver class
 */
public interface FaultDispatcher<D> {

    /** The driver instance whose handlers this dispatcher calls. */
    D driver();

    /**
     * Calls the handler for this unrecoverable fault's stage.
     *
     * @return what the handler did, or {@code null} when the driver has no handler for the stage
     */
    Disposition dispatchUnrecoverable(UnrecoverableFault fault);

    /**
     * Calls the handler for this page request's stage. A handler that takes a {@link PageRequestGroup}
     * gets a group of this one request; a handler that takes a {@link PageResponder} cannot run here
     * (nothing could carry its later answer back): the generated code throws an
     * {@link UnsupportedOperationException} naming it. Routers call
     * {@link #dispatchPageRequest(PageRequest, PageRequestScope)} instead.
     *
     * @return the handler's response, or {@code null} when the driver has no handler for the stage
     */
    PageResponse dispatchPageRequest(PageRequest request);

    /**
     * Calls the handler for the page-request group that {@code last} closed. Handlers that take a
     * {@link PageRequestGroup} get {@code scope.group()}; handlers that take a {@link PageResponder}
     * get {@code scope.defer()} and answer later.
     *
     * @return the handler's response; {@code null} when the handler deferred its answer to
     *         {@code scope.defer()}, or when the driver has no handler for the stage (the router
     *         tells the two apart by whether {@code defer()} was called)
     */
    default PageResponse dispatchPageRequest(PageRequest last, PageRequestScope scope) {
        return dispatchPageRequest(last);
    }

    /**
     * Whether {@link #dispatchPageRequest(PageRequest, PageRequestScope)} uses its scope, that is whether
     * some page-request handler takes a {@link PageRequestGroup} or a {@link PageResponder}. When
     * {@code false}, a router may call {@link #dispatchPageRequest(PageRequest)} instead and set up no
     * scope, so the request need not outlive the call (the JIT can then keep it out of the heap). The
     * default, {@code true}, is always safe; generated dispatchers return {@code false} when they can.
     */
    default boolean usesPageRequestScope() {
        return true;
    }

    /**
     * Whether the driver has a handler for faults of this type at this stage. With selectors (access,
     * reason, family, PASID) it means that some handler <em>may</em> match: dispatching a fault of this
     * type and stage can still return {@code null} when none of their selectors does. {@code false} means
     * no fault of this type and stage is ever handled.
     */
    boolean handles(FaultType type, Stage stage);

    /**
     * For generated code: a handler's non-null response, or a {@link NullPointerException} naming
     * the handler (the router counts it as a failed handler and still answers the group).
     */
    static PageResponse requireResponse(PageResponse response, String handler) {
        if (response == null) {
            throw new NullPointerException(handler + " returned null: a page request needs SUCCESS, INVALID or FAILURE");
        }
        return response;
    }

    /** For generated code: a handler's non-null disposition, or a {@link NullPointerException} naming it. */
    static Disposition requireDisposition(Disposition disposition, String handler) {
        if (disposition == null) {
            throw new NullPointerException(handler + " returned null: return HANDLED or DEFAULT_ACTION");
        }
        return disposition;
    }
}
