package io.faultline.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Sends {@link Messages} to javac and counts errors, so a driver with errors gets no dispatcher. */
final class Reporter {
    private final Messager messager;
    private int errors;

    Reporter(Messager messager) {
        this.messager = messager;
    }

    void report(Messages message, Element element, Object... args) {
        count(message);
        messager.printMessage(message.kind(), message.format(args), element);
    }

    /** Points at one value of an annotation, e.g. the {@code stage} array. */
    void report(Messages message, Element element, AnnotationMirror annotation, AnnotationValue value,
            Object... args) {
        count(message);
        messager.printMessage(message.kind(), message.format(args), element, annotation, value);
    }

    int errorCount() {
        return errors;
    }

    private void count(Messages message) {
        if (message.kind() == Diagnostic.Kind.ERROR) {
            errors++;
        }
    }
}
