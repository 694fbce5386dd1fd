package io.faultline.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Generates one {@code Foo_FaultDispatcher} per class declaring {@code @OnFault} handlers.
 *
 * <p>Claims {@code @OnFault} so that users' {@code -Xlint:all -Werror} builds stay clean. It also
 * supports {@code javax.annotation.processing.Generated}, because the dispatchers it writes carry that
 * annotation into the next round, where javac would otherwise warn "No processor claimed any of these
 * annotations"; it claims a round only when every {@code @Generated} element in it is its own output,
 * leaving anyone else's {@code @Generated} alone.
 */
@AutoService(Processor.class)
public final class FaultlineProcessor extends AbstractProcessor {
    static final String ON_FAULT = "io.faultline.api.OnFault";
    private static final String GENERATED = "javax.annotation.processing.Generated";

    /** Test hook: runs before each driver is read; lets a test prove that a crash becomes one diagnostic. */
    private final Consumer<TypeElement> beforeDriver;

    private Reporter reporter;
    private DriverReader reader;
    private CoverageChecker coverageChecker;
    private LocalHandlerScanner localScanner;
    private final DispatcherWriter writer = new DispatcherWriter();
    /** Per round: whether each module (null: no modules) sees {@code @Generated}; one lookup, not one per driver. */
    private final Map<ModuleElement, Boolean> generatedVisible = new HashMap<>();
    /** Drivers that named a not-yet-generated type, by name: elements do not survive rounds. */
    private final Set<String> deferred = new LinkedHashSet<>();

    public FaultlineProcessor() {
        this(type -> { });
    }

    FaultlineProcessor(Consumer<TypeElement> beforeDriver) {
        this.beforeDriver = beforeDriver;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(ON_FAULT, CoverageChecker.HANDLES_ALL_FAULTS, GENERATED);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        reporter = new Reporter(env.getMessager());
        localScanner = LocalHandlerScanner.create(env);
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        try {
            return processRound(annotations, round);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // Outside any one driver (those are caught per driver below): one error, still no stack trace.
            reporter.report(Messages.INTERNAL_ERROR, null, "this compilation round", describe(e));
            return true;
        }
    }

    private boolean processRound(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        boolean claim = onlyOwnGenerated(annotations, round);
        TypeElement onFault = processingEnv.getElementUtils().getTypeElement(ON_FAULT);
        TypeElement coverage = processingEnv.getElementUtils().getTypeElement(CoverageChecker.HANDLES_ALL_FAULTS);
        if (onFault == null
                || !(annotations.contains(onFault) || annotations.contains(coverage) || !deferred.isEmpty())) {
            return claim;
        }
        if (reader == null) {
            Elements elements = processingEnv.getElementUtils();
            Validator validator = new Validator(elements, processingEnv.getTypeUtils());
            reader = new DriverReader(elements, validator, reporter, onFault);
            coverageChecker = new CoverageChecker(elements, reporter);
        }
        if (localScanner != null) {
            localScanner.scan(round.getRootElements());
        }
        Map<TypeElement, List<ExecutableElement>> drivers = new LinkedHashMap<>();
        for (Element e : round.getElementsAnnotatedWith(onFault)) {
            // @Target(METHOD): javac itself reports @OnFault on constructors or fields.
            if (e.getKind() == ElementKind.METHOD && e.getEnclosingElement() instanceof TypeElement owner) {
                drivers.computeIfAbsent(owner, k -> new ArrayList<>()).add((ExecutableElement) e);
            }
        }
        if (coverage != null && annotations.contains(coverage)) {
            for (Element e : round.getElementsAnnotatedWith(coverage)) {
                if (e.getKind().isInterface()) {
                    reporter.report(Messages.COVERAGE_ON_INTERFACE, e, ((TypeElement) e).getQualifiedName());
                } else if (e instanceof TypeElement type) {
                    drivers.computeIfAbsent(type, k -> new ArrayList<>());
                }
            }
        }
        Set<String> retry = new LinkedHashSet<>(deferred);
        deferred.clear();
        for (String name : retry) {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
            if (type != null && !drivers.containsKey(type)) {
                drivers.put(type, DriverReader.ownHandlers(type, onFault));
            }
        }
        drivers.keySet().forEach(reader::compiledHere);
        generatedVisible.clear(); // elements do not survive rounds
        for (Map.Entry<TypeElement, List<ExecutableElement>> d : drivers.entrySet()) {
            TypeElement driver = d.getKey();
            if (MissingTypes.any(driver, d.getValue())) {
                // Maybe a type another processor generates in a later round: read the driver then. In the
                // last round it is truly missing, and javac's own "cannot find symbol" says so.
                if (!round.processingOver()) {
                    deferred.add(driver.getQualifiedName().toString());
                }
                continue;
            }
            try {
                beforeDriver.accept(driver);
                DriverModel model = reader.read(driver, d.getValue());
                if (model != null && coverageChecker.check(model)) {
                    if (localScanner != null) {
                        localScanner.generated(model.dispatcherName().canonicalName());
                    }
                    writer.write(model, generatedVisible(driver), Deprecations.suppressions(model, processingEnv
                            .getElementUtils())).writeTo(processingEnv.getFiler());
                }
            } catch (IOException | RuntimeException | LinkageError | AssertionError e) {
                reportCrash(driver, e);
            }
        }
        return claim;
    }

    /** False when some {@code @Generated} element of this round was written by another tool. */
    private static boolean onlyOwnGenerated(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            if (!annotation.getQualifiedName().contentEquals(GENERATED)) {
                continue;
            }
            for (Element e : round.getElementsAnnotatedWith(annotation)) {
                if (!isOwnOutput(e, annotation)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isOwnOutput(Element e, TypeElement generated) {
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            if (m.getAnnotationType().asElement().equals(generated)) {
                for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v
                        : m.getElementValues().entrySet()) {
                    if (v.getKey().getSimpleName().contentEquals("value")
                            && v.getValue().getValue() instanceof List<?> list && list.size() == 1
                            && DispatcherWriter.GENERATOR.equals(((AnnotationValue) list.get(0)).getValue())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** One error on the driver, with a bug-report hint, instead of a stack trace from javac. */
    private void reportCrash(TypeElement driver, Throwable e) {
        reporter.report(Messages.INTERNAL_ERROR, driver, driver.getQualifiedName(), describe(e));
    }

    /** The exception and where it happened, on one line. */
    private static String describe(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        String where = trace.length == 0 ? "" : " at " + trace[0];
        return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + where;
    }

    /**
     * Whether {@code @Generated} may be emitted: only when the driver's own module can see it (a JPMS
     * module without {@code requires java.compiler} cannot, and the annotation would break its build).
     */
    private boolean generatedVisible(TypeElement driver) {
        Elements elements = processingEnv.getElementUtils();
        return generatedVisible.computeIfAbsent(elements.getModuleOf(driver), module -> (module == null
                ? elements.getTypeElement(GENERATED)
                : elements.getTypeElement(module, GENERATED)) != null);
    }
}
