package io.faultline.processor;

import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The rules of {@code @OnFault}. Each check reports on the offending element and goes on, so one
 * compilation shows every mistake of a driver.
 */
final class Validator {
    private final Types types;
    private final TypeMirror fault;
    private final TypeMirror unrecoverableFault;
    private final TypeMirror pageRequest;
    private final TypeMirror disposition;
    private final TypeMirror pageResponse;
    private final TypeMirror runtimeException;
    private final TypeMirror error;

    Validator(Elements elements, Types types) {
        this.types = types;
        this.fault = type(elements, "io.faultline.api.Fault");
        this.unrecoverableFault = type(elements, "io.faultline.api.UnrecoverableFault");
        this.pageRequest = type(elements, "io.faultline.api.PageRequest");
        this.disposition = type(elements, "io.faultline.api.Disposition");
        this.pageResponse = type(elements, "io.faultline.api.PageResponse");
        this.runtimeException = type(elements, "java.lang.RuntimeException");
        this.error = type(elements, "java.lang.Error");
    }

    private static TypeMirror type(Elements elements, String name) {
        TypeElement e = elements.getTypeElement(name);
        if (e == null) {
            throw new IllegalStateException(name + " is not on the compile class path");
        }
        return e.asType();
    }

    /**
     * Whether the dispatcher can be generated for {@code driver} at all: a named class that the same
     * package can reach. Reported once, on {@code firstHandler}.
     */
    boolean checkDriverClass(Reporter reporter, TypeElement driver, Element firstHandler, String label) {
        if (driver.getKind().isInterface()) {
            reporter.report(Messages.HANDLER_IN_INTERFACE, firstHandler, label, driver.getQualifiedName());
            return false;
        }
        for (Element e = driver; e instanceof TypeElement t; e = e.getEnclosingElement()) {
            if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
                reporter.report(Messages.LOCAL_CLASS, firstHandler, label);
                return false;
            }
        }
        for (Element e = driver; e instanceof TypeElement t; e = e.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                reporter.report(Messages.PRIVATE_CLASS, firstHandler, label, t.getSimpleName(), t.getSimpleName());
                return false;
            }
        }
        return true;
    }

    /** The shape of one handler method; true when it is valid. */
    boolean checkHandler(Reporter reporter, ExecutableElement method, HandlerAnnotation annotation, String label) {
        int before = reporter.errorCount();
        Set<Modifier> modifiers = method.getModifiers();
        if (modifiers.contains(Modifier.PRIVATE)) {
            reporter.report(Messages.PRIVATE_HANDLER, method, label);
        }
        if (modifiers.contains(Modifier.STATIC)) {
            reporter.report(Messages.STATIC_HANDLER, method, label);
        }
        if (!method.getTypeParameters().isEmpty()) {
            reporter.report(Messages.GENERIC_HANDLER, method, label);
        }
        FaultType type = annotation.type();
        if (method.isVarArgs()) {
            reporter.report(Messages.VARARGS_HANDLER, method, label);
        } else if (!parametersFit(method, type)) {
            reporter.report(Messages.BAD_PARAMETERS, method, type, label, parameterList(method),
                    type == FaultType.UNRECOVERABLE ? "an UnrecoverableFault" : "a PageRequest");
        }
        if (!returnFits(method.getReturnType(), type)) {
            reporter.report(Messages.BAD_RETURN, method, type, label, method.getReturnType(),
                    type == FaultType.UNRECOVERABLE ? "void or Disposition" : "PageResponse");
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
            if (!types.isAssignable(thrown, runtimeException) && !types.isAssignable(thrown, error)) {
                reporter.report(Messages.CHECKED_EXCEPTION, method, label, thrown);
            }
        }
        if (annotation.stageExplicit() && annotation.stages().isEmpty()) {
            reporter.report(Messages.EMPTY_STAGES, method, annotation.mirror(), annotation.value("stage"), label);
        }
        for (Stage s : repeated(annotation.stages())) {
            reporter.report(Messages.REPEATED_STAGE, method, annotation.mirror(), annotation.value("stage"), label, s);
        }
        for (Object flag : repeated(annotation.access())) {
            reporter.report(Messages.REPEATED_VALUE, method, annotation.mirror(), annotation.value("access"), label,
                    flag, "access");
        }
        for (Object family : repeated(annotation.families())) {
            reporter.report(Messages.REPEATED_VALUE, method, annotation.mirror(), annotation.value("family"), label,
                    ((Enum<?>) family).name(), "family");
        }
        for (Integer code : repeated(annotation.reasons())) {
            reporter.report(Messages.REPEATED_VALUE, method, annotation.mirror(), annotation.value("reason"), label,
                    hex(code), "reason");
        }
        for (Integer code : annotation.reasons()) {
            if (code < 0) {
                reporter.report(Messages.NEGATIVE_REASON, method, annotation.mirror(), annotation.value("reason"),
                        label, code);
            }
        }
        return reporter.errorCount() == before;
    }

    /** Values that occur more than once, each once, in first-occurrence order. */
    private static <T> Set<T> repeated(List<T> values) {
        Set<T> seen = new java.util.HashSet<>();
        Set<T> out = new java.util.LinkedHashSet<>();
        for (T v : values) {
            if (!seen.add(v)) {
                out.add(v);
            }
        }
        return out;
    }

    static String hex(int code) {
        return "0x" + Integer.toHexString(code);
    }

    private boolean parametersFit(ExecutableElement method, FaultType type) {
        List<? extends VariableElement> params = method.getParameters();
        if (params.isEmpty()) {
            return true;
        }
        if (params.size() != 1) {
            return false;
        }
        TypeMirror p = params.get(0).asType();
        TypeMirror specific = type == FaultType.UNRECOVERABLE ? unrecoverableFault : pageRequest;
        return types.isSameType(p, fault) || types.isSameType(p, specific);
    }

    private boolean returnFits(TypeMirror returned, FaultType type) {
        if (type == FaultType.UNRECOVERABLE) {
            return returned.getKind() == TypeKind.VOID || types.isSameType(returned, disposition);
        }
        return types.isSameType(returned, pageResponse);
    }

    private static String parameterList(ExecutableElement method) {
        return method.getParameters().stream()
                .map(p -> p.asType().toString())
                .collect(Collectors.joining(", "));
    }

    /**
     * Two handlers of one type that are equally specific and can match the same fault: an error on the
     * later one (in {@code handlers} order: inherited ones first, then the driver's own in source order),
     * naming both and a fault they share.
     */
    void checkConflicts(java.util.function.Function<HandlerModel, Reporter> reporters, List<HandlerModel> handlers) {
        for (int i = 0; i < handlers.size(); i++) {
            HandlerModel later = handlers.get(i);
            Reporter reporter = reporters.apply(later);
            for (int j = 0; j < i; j++) {
                HandlerModel earlier = handlers.get(j);
                if (earlier.type() != later.type() || !earlier.equallySpecific(later)) {
                    continue;
                }
                Set<Stage> shared = EnumSet.copyOf(later.stages());
                shared.retainAll(earlier.stages());
                if (shared.isEmpty() || !selectorsOverlap(earlier, later)) {
                    continue;
                }
                if (later.conditional()) {
                    reporter.report(Messages.AMBIGUOUS, later.method(), earlier.label(), later.label(),
                            sharedFault(earlier, later, shared));
                } else if (later.fallback()) {
                    reporter.report(Messages.DUPLICATE_FALLBACK, later.method(), earlier.label(), later.label(),
                            later.type());
                } else {
                    reporter.report(Messages.DUPLICATE_HANDLER, later.method(), earlier.label(), later.label(),
                            later.type(), describe(shared));
                }
            }
        }
    }

    /**
     * Whether one fault can satisfy both selector sets. Equally specific handlers either both have a
     * reason (family) selector or neither does; access flags always overlap (the union is an access).
     */
    private static boolean selectorsOverlap(HandlerModel a, HandlerModel b) {
        if (!a.reasons().isEmpty() && java.util.Collections.disjoint(a.reasons(), b.reasons())) {
            return false;
        }
        if (!a.families().isEmpty() && java.util.Collections.disjoint(a.families(), b.families())) {
            return false;
        }
        return a.pasid() == b.pasid();
    }

    /** One fault both handlers match, in words: the overlapping case the error names. */
    private static String sharedFault(HandlerModel a, HandlerModel b, Set<Stage> shared) {
        StringBuilder sb = new StringBuilder().append(a.type()).append(" faults at ")
                .append(shared.size() == Stage.values().length ? "any stage" : describe(shared));
        Set<io.faultline.api.OnFault.Flag> flags = EnumSet.noneOf(io.faultline.api.OnFault.Flag.class);
        flags.addAll(a.access());
        flags.addAll(b.access());
        if (!flags.isEmpty()) {
            sb.append(" with access ").append(flags.stream().map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining("|")));
        }
        if (!a.reasons().isEmpty()) {
            List<Integer> codes = new ArrayList<>(a.reasons());
            codes.retainAll(b.reasons());
            sb.append(", reason ").append(hex(codes.get(0)));
        }
        if (!a.families().isEmpty()) {
            Set<io.faultline.api.Family> families = EnumSet.copyOf(a.families());
            families.retainAll(b.families());
            sb.append(", family ").append(families.iterator().next().name());
        }
        if (a.pasid() != io.faultline.api.OnFault.Pasid.ANY) {
            sb.append(", PASID ").append(a.pasid() == io.faultline.api.OnFault.Pasid.PRESENT ? "present" : "absent");
        }
        return sb.toString();
    }

    static String describe(Set<Stage> stages) {
        List<String> names = new ArrayList<>();
        for (Stage s : stages) {
            names.add(s.name());
        }
        return (names.size() == 1 ? "stage " : "stages ") + String.join(", ", names);
    }
}
