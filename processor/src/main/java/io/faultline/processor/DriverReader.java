package io.faultline.processor;

import com.palantir.javapoet.ClassName;
import io.faultline.api.Stage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Turns a driver class and its {@code @OnFault} methods, its own and those of its superclasses, into a
 * {@link DriverModel}, validating as it goes.
 *
 * <p>Inheritance: a handler declared in a superclass (from source or a class file) is a handler of the
 * subclass. An override without {@code @OnFault} keeps the superclass's selectors and is what runs (the
 * call is virtual, so exactly one method runs); an override with {@code @OnFault} replaces them.
 */
final class DriverReader {
    private final Elements elements;
    private final Validator validator;
    private final Reporter reporter;
    private final TypeElement onFault;
    /** Classes with {@code @OnFault} methods compiled from source here: they report their own errors. */
    private final Set<String> compiledHere = new HashSet<>();

    DriverReader(Elements elements, Validator validator, Reporter reporter, TypeElement onFault) {
        this.elements = elements;
        this.validator = validator;
        this.reporter = reporter;
        this.onFault = onFault;
    }

    /** Called with every class of a round before any is read. */
    void compiledHere(TypeElement type) {
        compiledHere.add(type.getQualifiedName().toString());
    }

    /**
     * The model of {@code driver}, or null when it has errors (all of them reported) or when javac itself
     * could not resolve an annotation value (javac reports that).
     */
    DriverModel read(TypeElement driver, List<ExecutableElement> annotated) {
        int errorsBefore = reporter.errorCount();
        List<ExecutableElement> own = inSourceOrder(driver, annotated);
        // Class-level problems are reported once: on the first handler, or on a @HandlesAllFaults class.
        Element reportOn = own.isEmpty() ? driver : own.get(0);
        String owner = ownerLabel(driver);
        boolean classOk = validator.checkDriverClass(reporter, driver, reportOn,
                owner + (own.isEmpty() ? "" : "." + own.get(0).getSimpleName()));
        if (driver.getKind().isInterface()) {
            return null; // one error says it all; no handler of an interface is dispatched
        }
        if (classOk) {
            classOk = checkNotInnerOfGeneric(driver, reportOn);
        }
        List<ExecutableElement> methods = new ArrayList<>(inherited(driver, own));
        methods.addAll(own);
        checkInterfaces(driver, own);

        List<HandlerModel> handlers = new ArrayList<>();
        Map<HandlerModel, Reporter> reporters = new IdentityHashMap<>();
        boolean resolved = true;
        for (ExecutableElement method : methods) {
            TypeElement declaring = (TypeElement) method.getEnclosingElement();
            HandlerAnnotation annotation = HandlerAnnotation.read(mirror(method), elements);
            String label = ownerLabel(declaring) + "." + method.getSimpleName();
            if (!annotation.resolved()) {
                resolved = false;
                continue;
            }
            Reporter r = reporterFor(driver, declaring);
            boolean ok = validator.checkHandler(r, method, annotation, label);
            if (declaring != driver) {
                ok &= checkReachable(r, driver, method, label);
            }
            if (ok && !annotation.stages().isEmpty()) {
                HandlerModel h = new HandlerModel(method, label, annotation.type(),
                        Collections.unmodifiableSet(EnumSet.copyOf(annotation.stages())),
                        !annotation.stageExplicit(), !method.getParameters().isEmpty(),
                        method.getReturnType().getKind() != TypeKind.VOID,
                        annotation.access().isEmpty() ? Set.of()
                                : Collections.unmodifiableSet(EnumSet.copyOf(annotation.access())),
                        annotation.reasons().stream().sorted().distinct().collect(Collectors.toUnmodifiableList()),
                        annotation.families().isEmpty() ? Set.of()
                                : Collections.unmodifiableSet(EnumSet.copyOf(annotation.families())),
                        annotation.pasid());
                handlers.add(h);
                reporters.put(h, r);
            }
        }
        validator.checkConflicts(reporters::get, handlers);
        if (!classOk || !resolved || reporter.errorCount() != errorsBefore) {
            return null;
        }
        handlers.sort(HandlerModel.ORDER);
        ClassName driverName = ClassName.get(driver);
        return new DriverModel(driver, driverName, DriverModel.dispatcherNameOf(driverName), List.copyOf(handlers),
                isPublic(driver));
    }

    /**
     * Where errors about a handler declared in {@code declaring} go: on the handler itself when it is the
     * driver's own; nowhere (counted only) when {@code declaring} is compiled here and reports them itself;
     * else on the driver, since a class file has no source position.
     */
    private Reporter reporterFor(TypeElement driver, TypeElement declaring) {
        if (declaring == driver) {
            return reporter;
        }
        return compiledHere.contains(declaring.getQualifiedName().toString())
                ? reporter.quiet()
                : reporter.onto(driver);
    }

    /**
     * Annotated methods of the superclasses, farthest first, minus those that a more derived class
     * overrides with an {@code @OnFault} method of its own.
     */
    private List<ExecutableElement> inherited(TypeElement driver, List<ExecutableElement> own) {
        Deque<List<ExecutableElement>> levels = new ArrayDeque<>();
        List<ExecutableElement> chosen = new ArrayList<>(own);
        for (TypeElement t = superclass(driver); t != null; t = superclass(t)) {
            List<ExecutableElement> level = new ArrayList<>();
            for (Element e : t.getEnclosedElements()) {
                if (e.getKind() == ElementKind.METHOD && hasOnFault(e) && !overridden((ExecutableElement) e, chosen,
                        driver)) {
                    level.add((ExecutableElement) e);
                }
            }
            chosen.addAll(level);
            levels.push(level);
        }
        List<ExecutableElement> out = new ArrayList<>();
        for (List<ExecutableElement> level : levels) {
            out.addAll(level);
        }
        return out;
    }

    private boolean overridden(ExecutableElement method, List<ExecutableElement> moreDerived, TypeElement driver) {
        for (ExecutableElement m : moreDerived) {
            if (elements.overrides(m, method, driver)) {
                return true;
            }
        }
        return false;
    }

    /** A handler from another package must be public: the dispatcher lives in the driver's package. */
    private boolean checkReachable(Reporter r, TypeElement driver, ExecutableElement method, String label) {
        Set<Modifier> modifiers = method.getModifiers();
        if (modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PRIVATE)) {
            return true; // private is FL101
        }
        String from = elements.getPackageOf(method).getQualifiedName().toString();
        String to = elements.getPackageOf(driver).getQualifiedName().toString();
        if (from.equals(to)) {
            return true;
        }
        reporter.onto(driver).report(Messages.INHERITED_NOT_ACCESSIBLE, driver, label, ownerLabel(driver),
                modifiers.contains(Modifier.PROTECTED) ? "protected" : "package-private", from, to);
        return false;
    }

    /** Handlers in interfaces the driver implements would be dropped in silence: say so. */
    private void checkInterfaces(TypeElement driver, List<ExecutableElement> own) {
        Set<String> seen = new HashSet<>();
        Deque<TypeElement> todo = new ArrayDeque<>();
        for (TypeElement t = driver; t != null; t = superclass(t)) {
            todo.addAll(interfaces(t));
        }
        List<ExecutableElement> allOwnMethods = new ArrayList<>();
        for (Element e : driver.getEnclosedElements()) {
            if (e.getKind() == ElementKind.METHOD) {
                allOwnMethods.add((ExecutableElement) e);
            }
        }
        while (!todo.isEmpty()) {
            TypeElement i = todo.pop();
            if (!seen.add(i.getQualifiedName().toString())) {
                continue;
            }
            todo.addAll(interfaces(i));
            if (compiledHere.contains(i.getQualifiedName().toString())) {
                continue; // FL114 is reported on the interface itself
            }
            for (Element e : i.getEnclosedElements()) {
                if (e.getKind() == ElementKind.METHOD && hasOnFault(e)
                        && !overridden((ExecutableElement) e, own, driver)) {
                    reporter.onto(driver).report(Messages.INHERITED_FROM_INTERFACE, driver, ownerLabel(driver),
                            ownerLabel(i) + "." + e.getSimpleName(), i.getQualifiedName(), ownerLabel(driver));
                }
            }
        }
    }

    private boolean checkNotInnerOfGeneric(TypeElement driver, Element firstHandler) {
        for (Element e = driver; e instanceof TypeElement t && !t.getModifiers().contains(Modifier.STATIC)
                && e.getEnclosingElement() instanceof TypeElement outer; e = outer) {
            if (!outer.getTypeParameters().isEmpty() && !outer.getKind().isInterface()) {
                reporter.report(Messages.INNER_OF_GENERIC, firstHandler, ownerLabel(driver), ownerLabel(outer),
                        ownerLabel((TypeElement) e));
                return false;
            }
        }
        return true;
    }

    private static TypeElement superclass(TypeElement t) {
        TypeMirror s = t.getSuperclass();
        if (s.getKind() != TypeKind.DECLARED) {
            return null;
        }
        TypeElement e = (TypeElement) ((DeclaredType) s).asElement();
        return e.getQualifiedName().contentEquals("java.lang.Object") ? null : e;
    }

    private static List<TypeElement> interfaces(TypeElement t) {
        List<TypeElement> out = new ArrayList<>();
        for (TypeMirror i : t.getInterfaces()) {
            if (i.getKind() == TypeKind.DECLARED) {
                out.add((TypeElement) ((DeclaredType) i).asElement());
            }
        }
        return out;
    }

    /** The methods of {@code type} itself that carry {@code @OnFault}. */
    static List<ExecutableElement> ownHandlers(TypeElement type, TypeElement onFault) {
        List<ExecutableElement> out = new ArrayList<>();
        for (Element e : type.getEnclosedElements()) {
            if (e.getKind() == ElementKind.METHOD && e.getAnnotationMirrors().stream()
                    .anyMatch(m -> m.getAnnotationType().asElement().equals(onFault))) {
                out.add((ExecutableElement) e);
            }
        }
        return out;
    }

    private boolean hasOnFault(Element e) {
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            if (m.getAnnotationType().asElement().equals(onFault)) {
                return true;
            }
        }
        return false;
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
