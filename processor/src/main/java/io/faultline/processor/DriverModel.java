package io.faultline.processor;

import com.palantir.javapoet.ClassName;
import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/**
 * A driver class whose handlers passed validation: what the writer turns into a dispatcher.
 *
 * @param type the driver class
 * @param driverName its name as written in code ({@code Outer.Inner})
 * @param dispatcherName the generated class, {@code Outer_Inner_FaultDispatcher} in the same package
 * @param handlers every handler, in {@link HandlerModel#ORDER}
 * @param isPublic whether the driver (and every class enclosing it) is public, so the dispatcher may be
 */
record DriverModel(
        TypeElement type,
        ClassName driverName,
        ClassName dispatcherName,
        List<HandlerModel> handlers,
        boolean isPublic) {

    /** The handler that names {@code stage} explicitly for {@code type}, per stage. */
    Map<Stage, HandlerModel> explicit(FaultType faultType) {
        Map<Stage, HandlerModel> byStage = new EnumMap<>(Stage.class);
        for (HandlerModel h : handlers) {
            if (h.type() == faultType && !h.fallback()) {
                for (Stage s : h.stages()) {
                    byStage.putIfAbsent(s, h);
                }
            }
        }
        return byStage;
    }

    /** The fallback handler for {@code type}, or null. */
    HandlerModel fallback(FaultType faultType) {
        for (HandlerModel h : handlers) {
            if (h.type() == faultType && h.fallback()) {
                return h;
            }
        }
        return null;
    }

    static ClassName dispatcherNameOf(ClassName driver) {
        return ClassName.get(driver.packageName(), String.join("_", driver.simpleNames()) + "_FaultDispatcher");
    }
}
