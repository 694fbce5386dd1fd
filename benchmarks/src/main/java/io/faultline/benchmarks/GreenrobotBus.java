package io.faultline.benchmarks;

import org.greenrobot.eventbus.EventBus;

/**
 * greenrobot's EventBus with its compile-time subscriber index ({@code GreenrobotIndex}), one bus
 * per device, configured for speed as its docs advise: no event inheritance, no "no subscriber"
 * events or logs. Subscriber exceptions are thrown so that the self-check sees them.
 */
final class GreenrobotBus {
    private final EventBus[] byRid;

    GreenrobotBus(BenchDriver[] driverByRid) {
        byRid = new EventBus[driverByRid.length];
        for (int rid = 0; rid < driverByRid.length; rid++) {
            if (driverByRid[rid] != null) {
                byRid[rid] = EventBus.builder()
                        .addIndex(new GreenrobotIndex())
                        .eventInheritance(false)
                        .logNoSubscriberMessages(false)
                        .sendNoSubscriberEvent(false)
                        .throwSubscriberException(true)
                        .build();
                byRid[rid].register(new BusSubscriber(driverByRid[rid]));
            }
        }
    }

    void post(BusEvents.FaultEvent event) {
        EventBus bus = byRid[event.fault.requesterId()];
        if (bus != null) {
            bus.post(event);
        }
    }
}
