package io.faultline.test;

import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.PageRequest;
import io.faultline.api.Reason;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.util.Objects;

/**
 * Describes one fault to inject: by requester, PASID, address, access, stage, reason and, for page
 * requests, group. Unset: {@link FaultInjector#DEFAULT_REQUESTER}, no PASID, no address, unknown
 * access, stage {@link Stage#PTE}, no reason, family {@link Family#SYNTHETIC}, group 0, last in group.
 */
public final class FaultSpec {
    private final FaultInjector injector;
    private final FaultType type;
    private Family family = Family.SYNTHETIC;
    private int requesterId = FaultInjector.DEFAULT_REQUESTER;
    private int pasid = Fault.NO_PASID;
    private Long address;
    private boolean read;
    private boolean write;
    private boolean exec;
    private boolean privileged;
    private Access access;
    private Stage stage = Stage.PTE;
    private Reason reason = Reason.NONE;
    private int group;
    private boolean last = true;
    private Long privateData;

    FaultSpec(FaultInjector injector, FaultType type) {
        this.injector = injector;
        this.type = type;
    }

    public FaultSpec family(Family family) {
        this.family = Objects.requireNonNull(family, "family");
        return this;
    }

    public FaultSpec requester(int requesterId) {
        this.requesterId = requesterId;
        return this;
    }

    public FaultSpec pasid(int pasid) {
        this.pasid = pasid;
        return this;
    }

    public FaultSpec address(long address) {
        this.address = address;
        return this;
    }

    public FaultSpec read() {
        this.read = true;
        return this;
    }

    public FaultSpec write() {
        this.write = true;
        return this;
    }

    public FaultSpec exec() {
        this.exec = true;
        return this;
    }

    public FaultSpec privileged() {
        this.privileged = true;
        return this;
    }

    /** The access as a whole, overriding read()/write()/exec()/privileged(). */
    public FaultSpec access(Access access) {
        this.access = Objects.requireNonNull(access, "access");
        return this;
    }

    public FaultSpec stage(Stage stage) {
        this.stage = Objects.requireNonNull(stage, "stage");
        return this;
    }

    public FaultSpec reason(Reason reason) {
        this.reason = Objects.requireNonNull(reason, "reason");
        return this;
    }

    /** Page requests: the group index. */
    public FaultSpec group(int groupIndex) {
        this.group = groupIndex;
        return this;
    }

    /** Page requests: this request does not close its group (the router holds it until the last one). */
    public FaultSpec notLast() {
        this.last = false;
        return this;
    }

    public FaultSpec privateData(long data) {
        this.privateData = data;
        return this;
    }

    /** The fault described. */
    public Fault build() {
        return build(address, last);
    }

    /** Routes the fault described and says what happened. */
    public Injection inject() {
        return injector.inject(build());
    }

    /**
     * Page requests: injects one group of requests, one per address, only the last marked last in
     * group (all other fields as described).
     *
     * @return what happened to the last request, the one that closes the group and gets the answer
     */
    public Injection injectGroup(long... addresses) {
        if (type != FaultType.PAGE_REQUEST || addresses.length == 0) {
            throw new IllegalArgumentException("injectGroup takes a page request and at least one address");
        }
        for (int i = 0; i < addresses.length - 1; i++) {
            injector.inject(build(addresses[i], false));
        }
        return injector.inject(build(addresses[addresses.length - 1], true));
    }

    private Fault build(Long addr, boolean lastInGroup) {
        Fault.Builder<?, ?> b;
        if (type == FaultType.PAGE_REQUEST) {
            PageRequest.Builder p = PageRequest.builder(family).groupIndex(group).lastInGroup(lastInGroup);
            if (privateData != null) {
                p.privateData(privateData);
            }
            b = p;
        } else {
            b = UnrecoverableFault.builder(family);
        }
        b.requesterId(requesterId).stage(stage).reason(reason);
        b.access(access != null ? access : read || write || exec || privileged
                ? Access.of(read, write, exec, privileged) : Access.UNKNOWN);
        if (pasid != Fault.NO_PASID) {
            b.pasid(pasid);
        }
        if (addr != null) {
            b.address(addr);
        }
        return b.build();
    }
}
