package io.faultline.processor;

import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Whether a driver refers to a type that does not exist yet, typically one another processor generates in
 * a later round. Such a driver is read in the next round instead of being reported as wrong; if the type
 * never appears, javac reports the missing symbol itself.
 */
final class MissingTypes {
    private MissingTypes() {
    }

    static boolean any(TypeElement driver, List<ExecutableElement> handlers) {
        for (TypeElement t = driver; t != null; ) {
            TypeMirror superclass = t.getSuperclass();
            if (superclass.getKind() == TypeKind.ERROR) {
                return true;
            }
            t = superclass.getKind() == TypeKind.DECLARED
                    ? (TypeElement) ((DeclaredType) superclass).asElement() : null;
        }
        for (ExecutableElement h : handlers) {
            if (h.getReturnType().getKind() == TypeKind.ERROR) {
                return true;
            }
            for (VariableElement p : h.getParameters()) {
                if (p.asType().getKind() == TypeKind.ERROR) {
                    return true;
                }
            }
            for (TypeMirror thrown : h.getThrownTypes()) {
                if (thrown.getKind() == TypeKind.ERROR) {
                    return true;
                }
            }
        }
        return false;
    }
}
