package io.faultline.processor;

import com.palantir.javapoet.ClassName;
import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The handlers a fault of this type at this stage is offered to, most specific first, ending at the
     * first that has no selector (those after it can never run at this stage).
     */
    List<HandlerModel> chain(FaultType faultType, Stage stage) {
        return chain(faultType, h -> h.stages().contains(stage));
    }

    /** The chain for stages no explicit handler names (including stages added to the api later). */
    List<HandlerModel> defaultChain(FaultType faultType) {
        return chain(faultType, HandlerModel::fallback);
    }

    private List<HandlerModel> chain(FaultType faultType, java.util.function.Predicate<HandlerModel> at) {
        List<HandlerModel> out = new ArrayList<>();
        for (HandlerModel h : handlers) {
            if (h.type() == faultType && at.test(h)) {
                out.add(h);
            }
        }
        out.sort(HandlerModel.MOST_SPECIFIC_FIRST.thenComparing(HandlerModel.ORDER));
        for (int i = 0; i < out.size(); i++) {
            if (!out.get(i).conditional()) {
                return List.copyOf(out.subList(0, i + 1));
            }
        }
        return List.copyOf(out);
    }

    static ClassName dispatcherNameOf(ClassName driver) {
        return ClassName.get(driver.packageName(), String.join("_", driver.simpleNames()) + "_FaultDispatcher");
    }
}
