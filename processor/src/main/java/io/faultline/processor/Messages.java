package io.faultline.processor;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports, with its kind and a bracketed id users can search for.
 * Each text says what is wrong and how to fix it. Tests refer to these constants, not to strings.
 */
enum Messages {
    INTERNAL_ERROR(Diagnostic.Kind.ERROR,
            "[FL100] Faultline failed unexpectedly while processing %s: %s. This is a bug in Faultline,"
                    + " not in your code: please report this at the Faultline issue tracker with this message"
                    + " and the driver class."),
    PRIVATE_HANDLER(Diagnostic.Kind.ERROR,
            "[FL101] @OnFault handler %s must not be private: the generated dispatcher calls it directly."
                    + " Make it package-private, protected or public."),
    STATIC_HANDLER(Diagnostic.Kind.ERROR,
            "[FL102] @OnFault handler %s must not be static: handlers run on the bound driver instance."
                    + " Remove 'static'."),
    PRIVATE_CLASS(Diagnostic.Kind.ERROR,
            "[FL103] @OnFault handler %s is in private class %s, which the generated dispatcher cannot reach."
                    + " Make %s package-private or public."),
    LOCAL_CLASS(Diagnostic.Kind.ERROR,
            "[FL104] @OnFault handler %s is in a local or anonymous class, for which no dispatcher can be"
                    + " generated. Move the handler into a top-level or member class."),
    BAD_PARAMETERS(Diagnostic.Kind.ERROR,
            "[FL105] @OnFault(type = %s) handler %s takes (%s). Make it take no parameter, a Fault or %s."),
    BAD_RETURN(Diagnostic.Kind.ERROR,
            "[FL106] @OnFault(type = %s) handler %s returns %s. Make it return %s."),
    DUPLICATE_HANDLER(Diagnostic.Kind.ERROR,
            "[FL107] @OnFault handlers %s and %s both handle %s faults at %s. Give each stage to one"
                    + " handler, or leave one handler's stage at its default to make it the fallback."),
    DUPLICATE_FALLBACK(Diagnostic.Kind.ERROR,
            "[FL108] @OnFault handlers %s and %s are both fallbacks for %s faults (stage left at its default,"
                    + " every stage). Keep one fallback and name explicit stages on the other."),
    EMPTY_STAGES(Diagnostic.Kind.ERROR,
            "[FL109] @OnFault handler %s has an empty stage list, so it could never run. Name at least one"
                    + " stage, or remove 'stage' to handle every stage as the fallback."),
    REPEATED_STAGE(Diagnostic.Kind.ERROR,
            "[FL110] @OnFault handler %s lists stage %s more than once. Remove the repetition."),
    CHECKED_EXCEPTION(Diagnostic.Kind.ERROR,
            "[FL111] @OnFault handler %s declares checked exception %s. Handlers may throw only unchecked"
                    + " exceptions, which the router catches and counts: handle it inside the handler or wrap"
                    + " it in an unchecked exception."),
    GENERIC_HANDLER(Diagnostic.Kind.ERROR,
            "[FL112] @OnFault handler %s declares type parameters, which the generated dispatcher cannot"
                    + " infer. Remove them."),
    VARARGS_HANDLER(Diagnostic.Kind.ERROR,
            "[FL113] @OnFault handler %s is varargs; it must take no parameter, a Fault or the fault type's"
                    + " own subtype. Remove the '...' parameter."),
    HANDLER_IN_INTERFACE(Diagnostic.Kind.ERROR,
            "[FL114] @OnFault handler %s is declared in interface %s. Declare handlers in a class (an"
                    + " abstract class works, and its subclasses inherit the handlers)."),
    INHERITED_NOT_ACCESSIBLE(Diagnostic.Kind.ERROR,
            "[FL115] @OnFault handler %s, inherited by %s, is %s in package %s, so the dispatcher generated in"
                    + " package %s cannot call it. Make the handler public."),
    INHERITED_FROM_INTERFACE(Diagnostic.Kind.ERROR,
            "[FL116] %s inherits @OnFault handler %s from interface %s, but handlers in interfaces are not"
                    + " dispatched. Move the handler into a class (an abstract base class works), or override"
                    + " it in %s and annotate the override."),
    INNER_OF_GENERIC(Diagnostic.Kind.ERROR,
            "[FL117] Driver %s is an inner class of generic class %s; its dispatcher could only name it as a"
                    + " raw type. Make %s a static nested class."),
    AMBIGUOUS(Diagnostic.Kind.ERROR,
            "[FL118] @OnFault handlers %s and %s are equally specific and both match %s. Make one more"
                    + " specific (explicit stage > reason > family > more access flags > pasid) or make their"
                    + " selectors disjoint."),
    REPEATED_VALUE(Diagnostic.Kind.ERROR,
            "[FL119] @OnFault handler %s repeats %s in '%s'. Remove the repetition."),
    NEGATIVE_REASON(Diagnostic.Kind.ERROR,
            "[FL120] @OnFault handler %s selects reason code %d, but vendor reason codes are 0 or more"
                    + " (Reason.NO_CODE marks a fault without one). Use the code from the vendor's table."),
    UNCOVERED(Diagnostic.Kind.WARNING, Texts.UNCOVERED),
    UNCOVERED_STRICT(Diagnostic.Kind.ERROR, Texts.UNCOVERED),
    UNREACHABLE(Diagnostic.Kind.WARNING, Texts.UNREACHABLE),
    UNREACHABLE_STRICT(Diagnostic.Kind.ERROR, Texts.UNREACHABLE),
    COVERAGE_ON_INTERFACE(Diagnostic.Kind.ERROR,
            "[FL123] @HandlesAllFaults is on interface %s, which gets no dispatcher. Put it on the driver class.");

    /** Texts shared by a warning and its strict (error) twin. */
    private static final class Texts {
        static final String UNCOVERED =
                "[FL121] %s declares @HandlesAllFaults, but %s. Add a handler for each, add a fallback"
                        + " (@OnFault without 'stage' and without selectors), or narrow @HandlesAllFaults.";
        static final String UNREACHABLE =
                "[FL122] @OnFault handler %s can never run in %s: at each of its stages, %s. Remove it, or narrow"
                        + " the handlers that shadow it.";
    }

    private final Diagnostic.Kind kind;
    private final String format;

    Messages(Diagnostic.Kind kind, String format) {
        this.kind = kind;
        this.format = format;
    }

    Diagnostic.Kind kind() {
        return kind;
    }

    /** The searchable id, e.g. {@code FL101}. */
    String id() {
        return format.substring(1, format.indexOf(']'));
    }

    /** The full text with its arguments filled in. */
    String format(Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
