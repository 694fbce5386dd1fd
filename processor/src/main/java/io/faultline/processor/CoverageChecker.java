package io.faultline.processor;

import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Coverage diagnostics: the (type, stage) pairs a {@code @HandlesAllFaults} driver leaves uncovered, and
 * handlers that can never run because a handler without selectors runs first at each of their stages.
 */
final class CoverageChecker {
    static final String HANDLES_ALL_FAULTS = "io.faultline.api.HandlesAllFaults";

    private final Elements elements;
    private final Reporter reporter;

    CoverageChecker(Elements elements, Reporter reporter) {
        this.elements = elements;
        this.reporter = reporter;
    }

    /** Reports what is uncovered or unreachable; false when strictness made any of it an error. */
    boolean check(DriverModel model) {
        int before = reporter.errorCount();
        AnnotationMirror claim = claim(model.type());
        boolean strict = claim != null && bool(claim, "strict");
        if (claim != null) {
            checkCovered(model, claim, strict);
        }
        checkReachable(model, strict);
        return reporter.errorCount() == before;
    }

    private void checkCovered(DriverModel model, AnnotationMirror claim, boolean strict) {
        List<String> missing = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        for (FaultType type : FaultType.values()) {
            if (!constants(claim, "type").contains(type.name())) {
                continue;
            }
            for (Stage stage : Stage.values()) {
                if (!constants(claim, "stage").contains(stage.name())) {
                    continue;
                }
                List<HandlerModel> chain = model.chain(type, stage);
                String pair = "(" + type + ", " + stage + ")";
                if (chain.isEmpty()) {
                    missing.add(pair);
                } else if (chain.get(chain.size() - 1).conditional()) {
                    partial.add(pair + " only for faults matching the selectors of "
                            + chain.stream().map(HandlerModel::label).collect(Collectors.joining(", ")));
                }
            }
        }
        List<String> gaps = new ArrayList<>();
        if (!missing.isEmpty()) {
            gaps.add("no handler covers " + String.join(", ", missing));
        }
        if (!partial.isEmpty()) {
            gaps.add("handlers cover " + String.join("; ", partial));
        }
        if (!gaps.isEmpty()) {
            reporter.report(strict ? Messages.UNCOVERED_STRICT : Messages.UNCOVERED, model.type(), claim, null,
                    DriverReader.ownerLabel(model.type()), String.join("; and ", gaps));
        }
    }

    private void checkReachable(DriverModel model, boolean strict) {
        for (HandlerModel h : model.handlers()) {
            List<String> shadows = new ArrayList<>();
            boolean reached = false;
            for (Stage stage : h.stages()) {
                List<HandlerModel> chain = model.chain(h.type(), stage);
                if (chain.contains(h)) {
                    reached = true;
                    break;
                }
                shadows.add(chain.get(chain.size() - 1).label() + " at " + stage);
            }
            if (!reached) {
                boolean own = h.method().getEnclosingElement().equals(model.type());
                reporter.report(strict ? Messages.UNREACHABLE_STRICT : Messages.UNREACHABLE,
                        own ? h.method() : model.type(), h.label(), DriverReader.ownerLabel(model.type()),
                        String.join(", ", shadows));
            }
        }
    }

    private AnnotationMirror claim(TypeElement type) {
        for (AnnotationMirror m : type.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
                    .contentEquals(HANDLES_ALL_FAULTS)) {
                return m;
            }
        }
        return null;
    }

    private AnnotationValue value(AnnotationMirror m, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(m).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private boolean bool(AnnotationMirror m, String name) {
        AnnotationValue v = value(m, name);
        return v != null && Boolean.TRUE.equals(v.getValue());
    }

    private List<String> constants(AnnotationMirror m, String name) {
        List<String> out = new ArrayList<>();
        AnnotationValue v = value(m, name);
        if (v != null && v.getValue() instanceof List<?> list) {
            for (Object item : list) {
                if (((AnnotationValue) item).getValue() instanceof VariableElement c) {
                    out.add(c.getSimpleName().toString());
                }
            }
        }
        return out;
    }
}
