import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * Floor (b): writes the very dispatchers Faultline would, from sources generated beforehand
 * ({@code -Areplay.dir=DIR}, package directories below it), one per class with {@code @OnFault}
 * methods. No model, no validation, no JavaPoet: the cost of the rounds and the Filer alone.
 * Also claims {@code @Generated}, as Faultline does, so that -Xlint:all stays quiet.
 */
public final class ReplayProcessor extends AbstractProcessor {
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("io.faultline.api.OnFault", "javax.annotation.processing.Generated");
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of("replay.dir");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement onFault = processingEnv.getElementUtils().getTypeElement("io.faultline.api.OnFault");
        if (onFault == null || !annotations.contains(onFault)) {
            return true;
        }
        Path dir = Path.of(processingEnv.getOptions().get("replay.dir"));
        Set<TypeElement> drivers = new LinkedHashSet<>();
        for (Element e : round.getElementsAnnotatedWith(onFault)) {
            drivers.add((TypeElement) e.getEnclosingElement());
        }
        for (TypeElement driver : drivers) {
            String name = driver.getQualifiedName() + "_FaultDispatcher";
            try {
                String source = Files.readString(dir.resolve(name.replace('.', '/') + ".java"), StandardCharsets.UTF_8);
                JavaFileObject file = processingEnv.getFiler().createSourceFile(name, driver);
                try (Writer w = file.openWriter()) {
                    w.write(source);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return true;
    }
}
