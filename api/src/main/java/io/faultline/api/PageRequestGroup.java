package io.faultline.api;

import java.util.List;
import java.util.Objects;

/**
 * The requests of one page-request group, in arrival order, the last one closing it. Requests are
 * grouped by (requester id, PASID, group index); the group gets exactly one response.
 */
public final class PageRequestGroup {
    private final List<PageRequest> requests;

    private PageRequestGroup(List<PageRequest> requests) {
        this.requests = requests;
    }

    /** A group of {@code requests}; the last one must have {@link PageRequest#lastInGroup()} set. */
    public static PageRequestGroup of(List<PageRequest> requests) {
        List<PageRequest> copy = List.copyOf(requests);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a page-request group has at least one request");
        }
        if (!copy.get(copy.size() - 1).lastInGroup()) {
            throw new IllegalArgumentException("the last request of a group must be marked last-in-group");
        }
        return new PageRequestGroup(copy);
    }

    /** A group of one request. */
    public static PageRequestGroup of(PageRequest last) {
        return of(List.of(Objects.requireNonNull(last, "last")));
    }

    /** Every request, in arrival order. */
    public List<PageRequest> requests() {
        return requests;
    }

    /** The request that closed the group: its identity addresses the response. */
    public PageRequest last() {
        return requests.get(requests.size() - 1);
    }

    public int size() {
        return requests.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageRequestGroup g && g.requests.equals(requests);
    }

    @Override
    public int hashCode() {
        return requests.hashCode();
    }

    @Override
    public String toString() {
        return "PageRequestGroup" + requests;
    }
}
