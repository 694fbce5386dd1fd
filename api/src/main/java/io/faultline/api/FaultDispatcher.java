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
     * Calls the handler for this page request's stage.
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

    /** Whether the driver has a handler for faults of this type at this stage. */
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
