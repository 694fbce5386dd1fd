package io.faultline.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Lint categories the dispatcher must suppress because it names a deprecated driver or handler: without
 * them a user's {@code -Xlint:all -Werror} build would fail on code the user did not write.
 */
final class Deprecations {
    private Deprecations() {
    }

    static List<String> suppressions(DriverModel model, Elements elements) {
        boolean deprecated = false;
        boolean forRemoval = false;
        List<Element> referenced = new ArrayList<>();
        for (Element e = model.type(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            referenced.add(e);
        }
        for (HandlerModel h : model.handlers()) {
            referenced.add(h.method());
        }
        for (Element e : referenced) {
            if (elements.isDeprecated(e)) {
                if (isForRemoval(e)) {
                    forRemoval = true;
                } else {
                    deprecated = true;
                }
            }
        }
        List<String> out = new ArrayList<>();
        if (deprecated) {
            out.add("deprecation");
        }
        if (forRemoval) {
            out.add("removal");
        }
        return out;
    }

    private static boolean isForRemoval(Element e) {
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals("java.lang.Deprecated")) {
                for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v : m.getElementValues().entrySet()) {
                    if (v.getKey().getSimpleName().contentEquals("forRemoval") && Boolean.TRUE.equals(v.getValue().getValue())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
