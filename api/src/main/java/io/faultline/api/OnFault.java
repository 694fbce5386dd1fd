package io.faultline.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a driver method as the handler of faults of one {@link #type()} at the listed
 * {@link #stage() stages}. The Faultline annotation processor turns the handlers of a class
 * {@code Foo} into {@code Foo_FaultDispatcher}, which calls them directly.
 *
 * <p>Handler shapes:
 * <ul>
 *   <li>{@code type = UNRECOVERABLE} (the default): returns {@code void} or {@link Disposition};
 *       takes no parameter, a {@link Fault} or an {@link UnrecoverableFault}.</li>
 *   <li>{@code type = PAGE_REQUEST}: returns the group's {@link PageResponse}; takes no parameter,
 *       a {@link Fault} or a {@link PageRequest}.</li>
 * </ul>
 * Handlers are non-private instance methods declaring no checked exceptions, in a non-private,
 * non-local class.
 *
 * <p>Which handler runs: a handler that names its stages explicitly wins over one that leaves
 * {@link #stage()} at its default (every stage). Two handlers naming the same stage for the same
 * type are a compile error.
 *
 * <p>Retained in class files so that handlers of a superclass compiled earlier remain visible to the
 * processor; never read at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnFault {
    /** The stages this handler covers. The default, every stage, makes it a fallback. */
    Stage[] stage() default {Stage.CONTEXT, Stage.PASID, Stage.PGD, Stage.PTE, Stage.NONE};

    /** The fault type this handler covers. */
    FaultType type() default FaultType.UNRECOVERABLE;
}
