package io.faultline.processor;

import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.Stage;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * One valid {@code @OnFault} method, as the writer needs it.
 *
 * @param method the handler method
 * @param label {@code Owner.method}, used in messages and in the generated null checks
 * @param type the fault type it handles
 * @param stages the stages it handles, in {@link Stage} order
 * @param fallback whether {@code stage} was left at its default (every stage): explicit handlers win
 * @param takesFault whether the handler takes the fault as its parameter
 * @param returnsValue whether the handler returns a Disposition / PageResponse (else void)
 * @param access access flags the fault must all have
 * @param reasons reason codes, one of which the fault must carry; sorted
 * @param families families, one of which the fault must come from
 * @param pasid the PASID selector
 */
record HandlerModel(
        ExecutableElement method,
        String label,
        FaultType type,
        Set<Stage> stages,
        boolean fallback,
        boolean takesFault,
        boolean returnsValue,
        Set<OnFault.Flag> access,
        List<Integer> reasons,
        Set<Family> families,
        OnFault.Pasid pasid) {

    /**
     * The documented specificity order, most specific first: explicit stage, reason, family, number of
     * access flags, PASID selector.
     */
    static final Comparator<HandlerModel> MOST_SPECIFIC_FIRST = Comparator
            .comparing((HandlerModel h) -> !h.fallback())
            .thenComparing(h -> !h.reasons().isEmpty())
            .thenComparing(h -> !h.families().isEmpty())
            .thenComparing(h -> h.access().size())
            .thenComparing(h -> h.pasid() != OnFault.Pasid.ANY)
            .reversed();

    /** Deterministic order: by type, explicit before fallback, first stage, method name, signature. */
    static final Comparator<HandlerModel> ORDER = Comparator
            .comparing((HandlerModel h) -> h.type())
            .thenComparing(h -> h.fallback())
            .thenComparing(h -> h.stages().isEmpty() ? Stage.NONE : h.stages().iterator().next())
            .thenComparing(h -> h.method().getSimpleName().toString())
            .thenComparing(h -> h.method().toString());

    String methodName() {
        return method.getSimpleName().toString();
    }

    /** Whether a selector beyond type and stage narrows this handler. */
    boolean conditional() {
        return !access.isEmpty() || !reasons.isEmpty() || !families.isEmpty() || pasid != OnFault.Pasid.ANY;
    }

    boolean equallySpecific(HandlerModel other) {
        return MOST_SPECIFIC_FIRST.compare(this, other) == 0;
    }
}
