package io.faultline.runtime;

import io.faultline.api.PageRequest;

/** Identifies a page-request group: (requester id, PASID or {@code NO_PASID}, group index). */
record GroupKey(int requesterId, int pasid, int groupIndex) {

    static GroupKey of(PageRequest r) {
        return new GroupKey(r.requesterId(), r.pasid(), r.groupIndex());
    }

    @Override
    public String toString() {
        return "rid=0x" + Integer.toHexString(requesterId) + (pasid < 0 ? "" : " pasid=0x" + Integer.toHexString(pasid))
                + " group=" + groupIndex;
    }
}
