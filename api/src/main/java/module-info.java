/** Faultline's annotations and fault model. No dependencies. */
module io.faultline.api {
    exports io.faultline.api;
}
