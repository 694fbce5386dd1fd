package io.faultline.adapters.iommufd;

import io.faultline.api.PageRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cookies of groups read but not yet answered, by (dev_id, pasid, grpid) — the api's
 * {@link PageRequest} has no cookie, so the adapter remembers it. Not thread-safe: the owning
 * {@link IommufdResponseSink} synchronizes.
 */
final class CookieMap {
    private record GroupKey(int devId, int pasid, int grpid) {
        static GroupKey of(PageRequest r) {
            return new GroupKey(r.requesterId(), r.pasid(), r.groupIndex());
        }
    }

    private final Map<GroupKey, Integer> pending = new HashMap<>();

    /** The cookie already pending for the request's group, or null after recording {@code cookie}. */
    Integer putIfAbsent(PageRequest request, int cookie) {
        return pending.putIfAbsent(GroupKey.of(request), cookie);
    }

    /** Removes and returns the group's cookie, or null. */
    Integer remove(PageRequest request) {
        return pending.remove(GroupKey.of(request));
    }

    /** Puts a cookie back after a failed write, so that the answer can be retried. */
    void restore(PageRequest request, int cookie) {
        pending.putIfAbsent(GroupKey.of(request), cookie);
    }

    /** A snapshot of every pending cookie. */
    List<Integer> cookies() {
        return new ArrayList<>(pending.values());
    }

    boolean containsCookie(int cookie) {
        return pending.containsValue(cookie);
    }

    /** Forgets the group that has {@code cookie}. */
    void removeCookie(int cookie) {
        pending.values().remove(cookie);
    }

    int size() {
        return pending.size();
    }
}
