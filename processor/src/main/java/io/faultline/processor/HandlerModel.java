package io.faultline.processor;

import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import java.util.Comparator;
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
 */
record HandlerModel(
        ExecutableElement method,
        String label,
        FaultType type,
        Set<Stage> stages,
        boolean fallback,
        boolean takesFault,
        boolean returnsValue) {

    /** Deterministic order: by first stage, then method name, then signature. */
    static final Comparator<HandlerModel> ORDER = Comparator
            .comparing((HandlerModel h) -> h.type())
            .thenComparing(h -> h.fallback())
            .thenComparing(h -> h.stages().isEmpty() ? Stage.NONE : h.stages().iterator().next())
            .thenComparing(h -> h.method().getSimpleName().toString())
            .thenComparing(h -> h.method().toString());

    String methodName() {
        return method.getSimpleName().toString();
    }
}
