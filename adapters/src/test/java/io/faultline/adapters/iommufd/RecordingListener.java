package io.faultline.adapters.iommufd;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Family;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a reader reports. */
final class RecordingListener implements QueueListener {
    final List<MalformedRecordException> malformed = new ArrayList<>();
    final List<String> overflows = new ArrayList<>();

    @Override
    public void malformed(MalformedRecordException error) {
        malformed.add(error);
    }

    @Override
    public void overflow(Family family, String queue, long lostRecords, String why) {
        overflows.add(family + " " + queue + " " + lostRecords + " " + why);
    }
}
