package io.faultline.processor;

import io.faultline.api.Family;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * The values of one {@code @OnFault}, read from its mirror (never via reflection on the annotation, which
 * would need the api classes at their compile-time version).
 *
 * @param mirror the annotation
 * @param type the fault type
 * @param stages the stages as written, repetitions included
 * @param stageExplicit whether {@code stage} was written out (absent = every stage, the fallback)
 * @param access access flags as written
 * @param reasons reason codes as written
 * @param families families as written
 * @param pasid the PASID selector
 * @param values each element's value, to point diagnostics at it
 * @param resolved false when javac could not resolve a value; javac reports that error itself
 */
record HandlerAnnotation(
        AnnotationMirror mirror,
        FaultType type,
        List<Stage> stages,
        boolean stageExplicit,
        List<OnFault.Flag> access,
        List<Integer> reasons,
        List<Family> families,
        OnFault.Pasid pasid,
        Map<String, AnnotationValue> values,
        boolean resolved) {

    AnnotationValue value(String name) {
        return values.get(name);
    }

    static HandlerAnnotation read(AnnotationMirror mirror, Elements elements) {
        boolean stageExplicit = false;
        for (ExecutableElement key : mirror.getElementValues().keySet()) {
            if (key.getSimpleName().contentEquals("stage")) {
                stageExplicit = true;
            }
        }
        Map<String, AnnotationValue> values = new HashMap<>();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            values.put(e.getKey().getSimpleName().toString(), e.getValue());
        }
        boolean[] resolved = {true};
        List<FaultType> type = constants(values.get("type"), FaultType::valueOf, resolved);
        List<Stage> stages = constants(values.get("stage"), Stage::valueOf, resolved);
        List<OnFault.Flag> access = constants(values.get("access"), OnFault.Flag::valueOf, resolved);
        List<Family> families = constants(values.get("family"), Family::valueOf, resolved);
        List<OnFault.Pasid> pasid = constants(values.get("pasid"), OnFault.Pasid::valueOf, resolved);
        List<Integer> reasons = new ArrayList<>();
        for (Object item : items(values.get("reason"))) {
            if (item instanceof Integer code) {
                reasons.add(code);
            } else {
                resolved[0] = false;
            }
        }
        return new HandlerAnnotation(mirror,
                type.isEmpty() ? FaultType.UNRECOVERABLE : type.get(0),
                stages, stageExplicit, access, List.copyOf(reasons), families,
                pasid.isEmpty() ? OnFault.Pasid.ANY : pasid.get(0),
                values, resolved[0]);
    }

    /** An enum value, or each of an array's, by constant name; an unresolved one clears {@code resolved}. */
    private static <E> List<E> constants(AnnotationValue value, Function<String, E> byName, boolean[] resolved) {
        List<E> out = new ArrayList<>();
        for (Object item : items(value)) {
            if (item instanceof VariableElement constant) {
                out.add(byName.apply(constant.getSimpleName().toString()));
            } else {
                resolved[0] = false;
            }
        }
        return List.copyOf(out);
    }

    private static List<Object> items(AnnotationValue value) {
        List<Object> out = new ArrayList<>();
        if (value == null) {
            return out; // an older api without this element: its default
        }
        if (value.getValue() instanceof List<?> list) {
            for (Object item : list) {
                out.add(((AnnotationValue) item).getValue());
            }
        } else {
            out.add(value.getValue());
        }
        return out;
    }
}
