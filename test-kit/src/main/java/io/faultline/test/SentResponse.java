package io.faultline.test;

import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;

/**
 * One page response the router sent, in the order sent.
 *
 * @param request the request that closed the group (its identity addresses the response)
 * @param response what was sent
 */
public record SentResponse(PageRequest request, PageResponse response) {

    boolean answers(PageRequest r) {
        return request.requesterId() == r.requesterId() && request.pasid() == r.pasid()
                && request.groupIndex() == r.groupIndex();
    }

    @Override
    public String toString() {
        return response + " for rid=0x" + Integer.toHexString(request.requesterId())
                + (request.hasPasid() ? " pasid=0x" + Integer.toHexString(request.pasid()) : "")
                + " group=" + request.groupIndex();
    }
}
