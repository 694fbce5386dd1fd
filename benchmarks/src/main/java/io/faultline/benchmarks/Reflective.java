package io.faultline.benchmarks;

import io.faultline.api.Fault;
import io.faultline.api.PageRequest;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import java.lang.reflect.Method;

/** What a reflection-based framework does after its scan: a Method per type and stage, {@code Method.invoke}. */
final class Reflective {
    private final BenchDriver[] byRid;
    private final Method[] unrecoverable = new Method[Stage.values().length];
    private final Method[] requests = new Method[Stage.values().length];

    Reflective(BenchDriver[] byRid) throws NoSuchMethodException {
        this.byRid = byRid;
        for (int h = 0; h < BenchDriver.HANDLERS; h++) {
            boolean request = h >= 4;
            Method m = BenchDriver.class.getMethod(BenchDriver.HANDLER_NAMES[h],
                    request ? PageRequest.class : UnrecoverableFault.class);
            (request ? requests : unrecoverable)[h % 4] = m;
        }
    }

    Object dispatch(Fault fault) throws ReflectiveOperationException {
        BenchDriver d = byRid[fault.requesterId()];
        if (d == null) {
            return null;
        }
        Method m = (fault instanceof PageRequest ? requests : unrecoverable)[fault.stage().ordinal()];
        return m == null ? null : m.invoke(d, fault);
    }
}
