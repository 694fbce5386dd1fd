package io.faultline.benchmarks;

import org.greenrobot.eventbus.EventBus;
import org.greenrobot.eventbus.EventBusBuilder;

/**
 * greenrobot's EventBus with its compile-time subscriber index ({@code GreenrobotIndex}), one bus
 * per device. {@linkplain #tuned Tuned} as its docs advise for speed: no event inheritance, no "no
 * subscriber" events or logs, subscriber exceptions thrown; or with its default options.
 */
final class GreenrobotBus {
    private final EventBus[] byRid;

    private GreenrobotBus(BenchDriver[] driverByRid, boolean tuned) {
        byRid = new EventBus[driverByRid.length];
        for (int rid = 0; rid < driverByRid.length; rid++) {
            if (driverByRid[rid] != null) {
                EventBusBuilder b = EventBus.builder().addIndex(new GreenrobotIndex());
                if (tuned) {
                    b.eventInheritance(false)
                            .logNoSubscriberMessages(false)
                            .sendNoSubscriberEvent(false)
                            .throwSubscriberException(true);
                }
                byRid[rid] = b.build();
                byRid[rid].register(new BusSubscriber(driverByRid[rid]));
            }
        }
    }

    static GreenrobotBus tuned(BenchDriver[] driverByRid) {
        return new GreenrobotBus(driverByRid, true);
    }

    static GreenrobotBus defaults(BenchDriver[] driverByRid) {
        return new GreenrobotBus(driverByRid, false);
    }

    void post(BusEvents.FaultEvent event) {
        EventBus bus = byRid[event.fault.requesterId()];
        if (bus != null) {
            bus.post(event);
        }
    }
}
