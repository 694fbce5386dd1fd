package io.faultline.benchmarks;

import com.google.common.eventbus.AllowConcurrentEvents;
import io.faultline.api.PageRequest;
import io.faultline.api.UnrecoverableFault;
import org.greenrobot.eventbus.Subscribe;

/**
 * One driver's subscriber on Guava's and greenrobot's buses: each method unwraps its event and
 * calls the driver's handler. A bus has no way to return a page response; it is dropped here
 * (generous to the buses: a real user would have to carry it back somehow).
 *
 * <p>{@link AllowConcurrentEvents} spares Guava's per-subscriber lock, as its docs advise for speed.
 */
public final class BusSubscriber {
    private final BenchDriver driver;

    BusSubscriber(BenchDriver driver) {
        this.driver = driver;
    }

    @Subscribe
    @com.google.common.eventbus.Subscribe
    @AllowConcurrentEvents
    public void on(BusEvents.ContextFault e) {
        driver.contextFault((UnrecoverableFault) e.fault);
    }

    @Subscribe
    @com.google.common.eventbus.Subscribe
    @AllowConcurrentEvents
    public void on(BusEvents.PasidFault e) {
        driver.pasidFault((UnrecoverableFault) e.fault);
    }

    @Subscribe
    @com.google.common.eventbus.Subscribe
    @AllowConcurrentEvents
    public void on(BusEvents.PgdFault e) {
        driver.pgdFault((UnrecoverableFault) e.fault);
    }

    @Subscribe
    @com.google.common.eventbus.Subscribe
    @AllowConcurrentEvents
    public void on(BusEvents.PteFault e) {
        driver.pteFault((UnrecoverableFault) e.fault);
    }

    @Subscribe
    @com.google.common.eventbus.Subscribe
    @AllowConcurrentEvents
    public void on(BusEvents.ContextRequest e) {
        driver.contextRequest((PageRequest) e.fault);
    }

    @Subscribe
    @com.google.common.eventbus.Subscribe
    @AllowConcurrentEvents
    public void on(BusEvents.PasidRequest e) {
        driver.pasidRequest((PageRequest) e.fault);
    }

    @Subscribe
    @com.google.common.eventbus.Subscribe
    @AllowConcurrentEvents
    public void on(BusEvents.PgdRequest e) {
        driver.pgdRequest((PageRequest) e.fault);
    }

    @Subscribe
    @com.google.common.eventbus.Subscribe
    @AllowConcurrentEvents
    public void on(BusEvents.PteRequest e) {
        driver.pteRequest((PageRequest) e.fault);
    }
}
