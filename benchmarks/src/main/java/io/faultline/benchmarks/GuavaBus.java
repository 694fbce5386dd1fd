package io.faultline.benchmarks;

import com.google.common.eventbus.EventBus;

/** Guava's EventBus, one bus per device (a bus delivers to every subscriber of an event class). */
final class GuavaBus {
    private final EventBus[] byRid;

    GuavaBus(BenchDriver[] driverByRid) {
        byRid = new EventBus[driverByRid.length];
        for (int rid = 0; rid < driverByRid.length; rid++) {
            if (driverByRid[rid] != null) {
                byRid[rid] = new EventBus("device-" + Integer.toHexString(rid));
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
