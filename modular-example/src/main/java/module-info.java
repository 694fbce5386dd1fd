/**
 * A driver in a named module. It does not read java.compiler, so the generated dispatcher carries
 * no {@code @Generated} annotation, and the build stays clean under -Xlint:all -Werror.
 */
module io.faultline.examples.modular {
    // transitive: the generated dispatchers in the exported package expose Faultline's API types,
    // and -Xlint:exports (part of -Xlint:all) says so unless the module re-exports them.
    requires transitive io.faultline.runtime;

    exports io.faultline.examples.modular;
}
