package io.faultline.runtime;

import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;

/**
 * JDK Flight Recorder events: {@code io.faultline.Fault} (every routed fault),
 * {@code io.faultline.PageResponse} (every page response) and {@code io.faultline.Quarantine}.
 * Off-cost when no recording enables them: the hot path reads one volatile flag, kept current by a
 * recorder listener, and creates no event object.
 */
final class FaultEvents {
    private static volatile boolean faultEnabled;
    private static volatile boolean responseEnabled;
    private static volatile boolean quarantineEnabled;

    static {
        try {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recordingStateChanged(Recording recording) {
                    refresh();
                }
            });
            refresh();
        } catch (RuntimeException | LinkageError e) {
            // No JFR in this runtime (or not permitted): events stay off.
        }
    }

    private FaultEvents() {
    }

    private static void refresh() {
        faultEnabled = EventType.getEventType(FaultEvent.class).isEnabled();
        responseEnabled = EventType.getEventType(PageResponseEvent.class).isEnabled();
        quarantineEnabled = EventType.getEventType(QuarantineEvent.class).isEnabled();
    }

    static void faultRouted(Fault fault, RouteOutcome outcome) {
        if (faultEnabled) {
            FaultEvent e = new FaultEvent();
            e.family = fault.family().id();
            e.requesterId = fault.requesterId();
            e.pasid = fault.pasid();
            e.address = fault.address();
            e.type = fault.type().name();
            e.stage = fault.stage().name();
            e.reason = fault.reason().toString();
            e.outcome = outcome.name();
            e.commit();
        }
    }

    static void pageResponse(PageRequest last, PageResponse response, String by) {
        if (responseEnabled) {
            PageResponseEvent e = new PageResponseEvent();
            e.requesterId = last.requesterId();
            e.pasid = last.pasid();
            e.groupIndex = last.groupIndex();
            e.response = response.name();
            e.by = by;
            e.commit();
        }
    }

    static void quarantine(int requesterId, String what, long count) {
        if (quarantineEnabled) {
            QuarantineEvent e = new QuarantineEvent();
            e.requesterId = requesterId;
            e.what = what;
            e.count = count;
            e.commit();
        }
    }

    @Name("io.faultline.Fault")
    @Label("IOMMU Fault")
    @Category({"Faultline"})
    @Description("A device fault routed by a Faultline router")
    @StackTrace(false)
    static final class FaultEvent extends Event {
        @Label("Family")
        String family;
        @Label("Requester Id")
        int requesterId;
        @Label("PASID")
        int pasid;
        @Label("Address")
        long address;
        @Label("Type")
        String type;
        @Label("Stage")
        String stage;
        @Label("Reason")
        String reason;
        @Label("Outcome")
        String outcome;
    }

    @Name("io.faultline.PageResponse")
    @Label("Page Response")
    @Category({"Faultline"})
    @Description("The one response a page-request group received")
    @StackTrace(false)
    static final class PageResponseEvent extends Event {
        @Label("Requester Id")
        int requesterId;
        @Label("PASID")
        int pasid;
        @Label("Group Index")
        int groupIndex;
        @Label("Response")
        String response;
        @Label("Answered By")
        String by;
    }

    @Name("io.faultline.Quarantine")
    @Label("Device Quarantine")
    @Category({"Faultline"})
    @Description("Storm control quarantined, summarised or released a device")
    @StackTrace(false)
    static final class QuarantineEvent extends Event {
        @Label("Requester Id")
        int requesterId;
        @Label("What")
        String what;
        @Label("Count")
        long count;
    }
}
