package io.faultline.runtime;

import io.faultline.api.PageRequest;
import java.util.ArrayList;
import java.util.List;

/** The requests of a group whose last request has not arrived yet. */
final class PartialGroup {
    final long firstSeen;
    final List<PageRequest> requests = new ArrayList<>(4);

    PartialGroup(long firstSeen) {
        this.firstSeen = firstSeen;
    }
}
