package io.faultline.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a driver class handles every fault of the listed types at the listed stages. The Faultline
 * processor then lists each (type, stage) that its handlers, own and inherited, do not fully cover, as a
 * warning or, with {@link #strict()}, as an error. It also generates the dispatcher of a class that declares
 * no handler of its own and only inherits them.
 *
 * <p>Retained in class files for the processor; never read at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HandlesAllFaults {
    /** The fault types claimed. */
    FaultType[] type() default {FaultType.UNRECOVERABLE, FaultType.PAGE_REQUEST};

    /** The stages claimed. */
    Stage[] stage() default {Stage.CONTEXT, Stage.PASID, Stage.PGD, Stage.PTE, Stage.NONE};

    /** Whether gaps in coverage, and handlers that can never run, are errors rather than warnings. */
    boolean strict() default false;
}
