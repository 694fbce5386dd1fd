package io.faultline.runtime;

import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;

/**
 * Where a router sends the one response of each page-request group: a hardware adapter's command
 * queue (SMMUv3 CMD_PRI_RESP / CMD_RESUME, VT-d page group response, AMD COMPLETE_PPR_REQUEST), an
 * iommufd fault fd, a guest relay.
 *
 * <p>The router calls {@link #send} exactly once per group, with the request that closed it.
 */
@FunctionalInterface
public interface PageResponseSink {

    /**
     * Encodes and sends the response for the group {@code lastRequest} closed.
     *
     * @throws RuntimeException when the response could not be sent; the router counts it
     */
    void send(PageRequest lastRequest, PageResponse response);
}
