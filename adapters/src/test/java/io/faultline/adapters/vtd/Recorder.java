package io.faultline.adapters.vtd;

import io.faultline.adapters.MalformedRecordException;
import io.faultline.adapters.QueueListener;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.runtime.FaultSink;
import java.util.ArrayList;
import java.util.List;

/** Collects what a reader delivers and reports. */
final class Recorder implements FaultSink, QueueListener {
    final List<Fault> faults = new ArrayList<>();
    final List<MalformedRecordException> malformed = new ArrayList<>();
    final List<String> overflows = new ArrayList<>();

    @Override
    public void accept(Fault fault) {
        faults.add(fault);
    }

    @Override
    public void malformed(MalformedRecordException error) {
        malformed.add(error);
    }

    @Override
    public void overflow(Family family, String queue, long lostRecords, String why) {
        overflows.add(family + " " + queue + " " + lostRecords + " " + why);
    }
}
