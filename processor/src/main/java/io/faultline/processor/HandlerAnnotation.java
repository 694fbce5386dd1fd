package io.faultline.processor;

import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param stageValue the {@code stage} value, to point diagnostics at it
 * @param stageExplicit whether {@code stage} was written out (absent = every stage, the fallback)
 * @param resolved false when javac could not resolve a value; javac reports that error itself
 */
record HandlerAnnotation(
        AnnotationMirror mirror,
        FaultType type,
        List<Stage> stages,
        AnnotationValue stageValue,
        boolean stageExplicit,
        boolean resolved) {

    static HandlerAnnotation read(AnnotationMirror mirror, Elements elements) {
        FaultType type = FaultType.UNRECOVERABLE;
        List<Stage> stages = new ArrayList<>();
        AnnotationValue stageValue = null;
        boolean stageExplicit = false;
        boolean resolved = true;
        for (ExecutableElement key : mirror.getElementValues().keySet()) {
            if (key.getSimpleName().contentEquals("stage")) {
                stageExplicit = true;
            }
        }
        Map<? extends ExecutableElement, ? extends AnnotationValue> values =
                elements.getElementValuesWithDefaults(mirror);
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
            String name = e.getKey().getSimpleName().toString();
            Object value = e.getValue().getValue();
            if (name.equals("type")) {
                if (value instanceof VariableElement constant) {
                    type = FaultType.valueOf(constant.getSimpleName().toString());
                } else {
                    resolved = false;
                }
            } else if (name.equals("stage")) {
                stageValue = e.getValue();
                if (value instanceof List<?> list) {
                    for (Object item : list) {
                        Object constant = ((AnnotationValue) item).getValue();
                        if (constant instanceof VariableElement v) {
                            stages.add(Stage.valueOf(v.getSimpleName().toString()));
                        } else {
                            resolved = false;
                        }
                    }
                } else {
                    resolved = false;
                }
            }
        }
        return new HandlerAnnotation(mirror, type, List.copyOf(stages), stageValue, stageExplicit, resolved);
    }
}
