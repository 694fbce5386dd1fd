package io.faultline.processor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs {@link FaultlineProcessor} behind a processing environment whose {@link Filer} records the
 * sources created, so a test of a failed compilation can still prove nothing was generated. The wrapped
 * environment is also what Gradle's incremental processing hands a processor.
 */
final class RecordingProcessor extends AbstractProcessor {
    private final FaultlineProcessor delegate = new FaultlineProcessor();
    private final List<String> created = new ArrayList<>();
    private final List<List<Object>> originating = new ArrayList<>();

    List<String> created() {
        return created;
    }

    /** The originating elements passed with each created source, in {@link #created()} order. */
    List<List<Object>> originating() {
        return originating;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        Filer real = env.getFiler();
        Filer recording = (Filer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Filer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createSourceFile")) {
                        created.add(args[0].toString());
                        originating.add(args.length > 1 && args[1] != null
                                ? List.of((Object[]) args[1]) : List.of());
                    }
                    return invoke(method, real, args);
                });
        ProcessingEnvironment wrapped = (ProcessingEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class},
                (proxy, method, args) -> method.getName().equals("getFiler") ? recording : invoke(method, env, args));
        delegate.init(wrapped);
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return delegate.process(annotations, round);
    }
}
