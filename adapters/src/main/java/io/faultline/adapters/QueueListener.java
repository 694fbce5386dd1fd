package io.faultline.adapters;

import io.faultline.api.Family;

/**
 * Hears what a queue reader could not turn into faults, so that nothing is lost silently. Every
 * family's reader reports here and also counts what it reports.
 */
public interface QueueListener {

    /** A record the decoder rejected; the reader has skipped it and goes on with the next one. */
    void malformed(MalformedRecordException error);

    /**
     * The hardware (or the producer) reported that records were lost: a queue overflow, or a
     * producer index that overtook the consumer.
     *
     * @param queue        the queue's name as the reference names it, e.g. {@code EVTQ}
     * @param lostRecords  how many records were lost, or -1 when the hardware does not say
     * @param why          what was seen, e.g. {@code PROD.OVFLG != CONS.OVACKFLG}
     */
    void overflow(Family family, String queue, long lostRecords, String why);

    /** A listener that ignores everything (the reader's own counters still count). */
    QueueListener IGNORE = new QueueListener() {
        @Override
        public void malformed(MalformedRecordException error) {
        }

        @Override
        public void overflow(Family family, String queue, long lostRecords, String why) {
        }
    };
}
