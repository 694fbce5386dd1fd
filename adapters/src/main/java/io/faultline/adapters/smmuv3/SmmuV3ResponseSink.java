package io.faultline.adapters.smmuv3;

import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.PageResponse;
import io.faultline.api.Reason;
import io.faultline.runtime.PageResponseSink;
import java.util.Objects;

/**
 * Answers SMMUv3 page requests by writing one command into the command queue:
 * <ul>
 *   <li>a stalled event (its reason is an SMMUv3 event, {@link SmmuV3EventType#ofReason}) gets
 *       CMD_RESUME with its StreamID and STAG (groupIndex): SUCCESS retries, INVALID and FAILURE abort;</li>
 *   <li>a PRI request (reason {@link Reason#NONE}: PRI entries carry no reason) gets CMD_PRI_RESP with
 *       its StreamID, PASID (SSV) and PRG index: SUCCESS → 2, INVALID → 0 Deny, FAILURE → 1 Fail.</li>
 * </ul>
 * The reason is the one property of the model that tells the two sources apart, and answering a
 * stall with CMD_PRI_RESP would leave the device hung (reference §8 trap 6). No CMD_SYNC follows,
 * as in Linux. A full command queue or a request of another family is an exception, which the
 * router counts.
 */
public final class SmmuV3ResponseSink implements PageResponseSink {
    private final SmmuV3QueueWriter commandQueue;

    private volatile long resumes;
    private volatile long priResponses;

    /** @param commandQueue a {@link SmmuV3QueueWriter#commandQueue} writer */
    public SmmuV3ResponseSink(SmmuV3QueueWriter commandQueue) {
        this.commandQueue = Objects.requireNonNull(commandQueue, "commandQueue");
        if (!commandQueue.name().equals(QueueKind.CMDQ.name())) {
            throw new IllegalArgumentException("responses go to the command queue, not " + commandQueue.name());
        }
    }

    @Override
    public void send(PageRequest lastRequest, PageResponse response) {
        Objects.requireNonNull(lastRequest, "lastRequest");
        Objects.requireNonNull(response, "response");
        if (lastRequest.family() != Family.ARM_SMMU_V3) {
            throw new IllegalArgumentException("not an SMMUv3 page request: " + lastRequest);
        }
        boolean pri = lastRequest.reason().equals(Reason.NONE);
        SmmuV3EventType stall = pri ? null : SmmuV3EventType.ofReason(lastRequest.reason());
        if (!pri && (stall == null || !stall.canStall())) {
            throw new IllegalArgumentException("neither a stalled event nor a PRI request: " + lastRequest);
        }
        synchronized (commandQueue) {
            int slot = commandQueue.claim();
            if (slot < 0) {
                throw new IllegalStateException("CMDQ full: " + (pri ? "CMD_PRI_RESP" : "CMD_RESUME") + " " + response
                        + " not sent for " + lastRequest);
            }
            if (pri) {
                SmmuV3Commands.encodePriResp(commandQueue.ring(), slot, lastRequest.requesterId(),
                        lastRequest.hasPasid() ? lastRequest.pasid() : Fault.NO_PASID, lastRequest.groupIndex(), response);
                commandQueue.publish();
                priResponses++;
            } else {
                SmmuV3Commands.encodeResume(commandQueue.ring(), slot, lastRequest.requesterId(),
                        lastRequest.groupIndex(), response);
                commandQueue.publish();
                resumes++;
            }
        }
    }

    /** CMD_RESUME commands written. */
    public long resumes() {
        return resumes;
    }

    /** CMD_PRI_RESP commands written. */
    public long priResponses() {
        return priResponses;
    }
}
