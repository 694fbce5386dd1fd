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
 * <p>Selectors narrow a handler further; a handler runs only for faults matching all of them:
 * {@link #access()} (flags the access must have), {@link #reason()} (vendor reason codes),
 * {@link #family()} (the reporting source) and {@link #pasid()} (PASID present or absent).
 *
 * <p>Which handler runs when several match: the more specific one, comparing in this order
 * <ol>
 *   <li>explicit {@link #stage()} over the default (every stage, a fallback);</li>
 *   <li>a {@link #reason()} selector over none;</li>
 *   <li>a {@link #family()} selector over none;</li>
 *   <li>more {@link #access()} flags over fewer;</li>
 *   <li>a {@link #pasid()} selector over {@link Pasid#ANY}.</li>
 * </ol>
 * Two handlers that are equally specific and can match the same fault are a compile error naming both
 * and the fault they share.
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

    /**
     * Access flags the faulting access must have, all of them, e.g. {@code access = Flag.WRITE}. Empty
     * (the default) matches any access, including an unknown one.
     */
    Flag[] access() default {};

    /**
     * Vendor reason codes ({@link Reason#code()}), one of which the fault must carry. Codes are per
     * family, so name the {@link #family()} too. Empty (the default) matches any reason.
     */
    int[] reason() default {};

    /** Sources the fault must come from, one of them. Empty (the default) matches any family. */
    Family[] family() default {};

    /** Whether the fault must carry a PASID: SVA traffic has one, kernel DMA usually not. */
    Pasid pasid() default Pasid.ANY;

    /** An access flag for {@link #access()}; each maps to the {@link Access} accessor of that name. */
    enum Flag {
        READ, WRITE, EXEC, PRIVILEGED
    }

    /** A PASID selector for {@link #pasid()}. */
    enum Pasid {
        /** With or without a PASID. */
        ANY,
        /** Only faults that carry a PASID ({@link Fault#hasPasid()}). */
        PRESENT,
        /** Only faults without a PASID. */
        ABSENT
    }
}
