package io.faultline.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Sends {@link Messages} to javac and counts errors, so a driver with errors gets no dispatcher. Views
 * share the count: {@link #onto} moves diagnostics to another element (a handler inherited from a class
 * file has no source position, so its errors go on the subclass being compiled), {@link #quiet} only counts
 * (the superclass is compiled here too and reports its own errors).
 */
final class Reporter {
    private final Messager messager;
    private final Element target;
    private final boolean quiet;
    private final int[] errors;

    Reporter(Messager messager) {
        this(messager, null, false, new int[1]);
    }

    private Reporter(Messager messager, Element target, boolean quiet, int[] errors) {
        this.messager = messager;
        this.target = target;
        this.quiet = quiet;
        this.errors = errors;
    }

    /** A view that reports every diagnostic on {@code element}. */
    Reporter onto(Element element) {
        return new Reporter(messager, element, quiet, errors);
    }

    /** A view that counts errors without printing them. */
    Reporter quiet() {
        return new Reporter(messager, target, true, errors);
    }

    /** On {@code element}, or on no element at all when it is null. */
    void report(Messages message, Element element, Object... args) {
        if (count(message)) {
            Element on = target != null ? target : element;
            if (on == null) {
                messager.printMessage(message.kind(), message.format(args));
            } else {
                messager.printMessage(message.kind(), message.format(args), on);
            }
        }
    }

    /** Points at one value of an annotation, e.g. the {@code stage} array. */
    void report(Messages message, Element element, AnnotationMirror annotation, AnnotationValue value,
            Object... args) {
        if (!count(message)) {
            return;
        }
        if (target != null) {
            messager.printMessage(message.kind(), message.format(args), target);
        } else if (value == null) {
            messager.printMessage(message.kind(), message.format(args), element, annotation);
        } else {
            messager.printMessage(message.kind(), message.format(args), element, annotation, value);
        }
    }

    int errorCount() {
        return errors[0];
    }

    /** Counts an error; whether to print it. */
    private boolean count(Messages message) {
        if (message.kind() == Diagnostic.Kind.ERROR) {
            errors[0]++;
        }
        return !quiet;
    }
}
