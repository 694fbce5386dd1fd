package io.faultline.processor;

import com.palantir.javapoet.ClassName;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/** Turns a driver class and its {@code @OnFault} methods into a {@link DriverModel}, validating as it goes. */
final class DriverReader {
    private final Elements elements;
    private final Validator validator;
    private final Reporter reporter;
    private final TypeElement onFault;

    DriverReader(Elements elements, Validator validator, Reporter reporter, TypeElement onFault) {
        this.elements = elements;
        this.validator = validator;
        this.reporter = reporter;
        this.onFault = onFault;
    }

    /**
     * The model of {@code driver}, or null when it has errors (all of them reported) or when javac itself
     * could not resolve an annotation value (javac reports that).
     */
    DriverModel read(TypeElement driver, List<ExecutableElement> annotated) {
        int errorsBefore = reporter.errorCount();
        List<ExecutableElement> methods = inSourceOrder(driver, annotated);
        String owner = ownerLabel(driver);
        boolean classOk = validator.checkDriverClass(driver, methods.get(0), owner + "." + methods.get(0).getSimpleName());
        if (driver.getKind().isInterface()) {
            return null; // one error says it all; no handler of an interface is dispatched
        }
        List<HandlerModel> handlers = new ArrayList<>();
        boolean resolved = true;
        for (ExecutableElement method : methods) {
            HandlerAnnotation annotation = HandlerAnnotation.read(mirror(method), elements);
            String label = owner + "." + method.getSimpleName();
            if (!annotation.resolved()) {
                resolved = false;
                continue;
            }
            if (validator.checkHandler(method, annotation, label) && !annotation.stages().isEmpty()) {
                handlers.add(new HandlerModel(method, label, annotation.type(),
                        Collections.unmodifiableSet(EnumSet.copyOf(annotation.stages())),
                        !annotation.stageExplicit(), !method.getParameters().isEmpty(),
                        method.getReturnType().getKind() != TypeKind.VOID));
            }
        }
        validator.checkConflicts(handlers);
        if (!classOk || !resolved || reporter.errorCount() != errorsBefore) {
            return null;
        }
        handlers.sort(HandlerModel.ORDER);
        ClassName driverName = ClassName.get(driver);
        return new DriverModel(driver, driverName, DriverModel.dispatcherNameOf(driverName), List.copyOf(handlers),
                isPublic(driver));
    }

    private AnnotationMirror mirror(ExecutableElement method) {
        for (AnnotationMirror m : method.getAnnotationMirrors()) {
            if (m.getAnnotationType().asElement().equals(onFault)) {
                return m;
            }
        }
        throw new IllegalStateException("no @OnFault on " + method);
    }

    /** {@code Outer.Inner}: with {@code .method}, how messages and generated null checks name a handler. */
    static String ownerLabel(TypeElement type) {
        StringBuilder sb = new StringBuilder(type.getSimpleName());
        for (Element e = type.getEnclosingElement(); e instanceof TypeElement t; e = e.getEnclosingElement()) {
            sb.insert(0, t.getSimpleName() + ".");
        }
        return sb.toString();
    }

    private static List<ExecutableElement> inSourceOrder(TypeElement driver, List<ExecutableElement> annotated) {
        List<? extends Element> members = driver.getEnclosedElements();
        List<ExecutableElement> sorted = new ArrayList<>(annotated);
        sorted.sort((a, b) -> Integer.compare(members.indexOf(a), members.indexOf(b)));
        return sorted;
    }

    private static boolean isPublic(TypeElement driver) {
        for (Element e = driver; e instanceof TypeElement t; e = e.getEnclosingElement()) {
            if (!t.getModifiers().contains(Modifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }
}
