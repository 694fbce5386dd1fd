/** Faultline's fault routers. */
module io.faultline.runtime {
    requires transitive io.faultline.api;
    requires jdk.jfr;
    requires org.jctools.core;

    exports io.faultline.runtime;
}
