package io.faultline.examples.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Family;
import io.faultline.api.PageRequest;
import io.faultline.api.Stage;
import io.faultline.api.UnrecoverableFault;
import io.faultline.runtime.FaultRouter;
import io.faultline.runtime.RouteOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModularDriverTest {

    @Test
    void generatedDispatcherWorksInsideANamedModule() throws IOException {
        assertTrue(ModularDriver.class.getModule().isNamed(), "compiled and tested as a named module");
        // The module does not read java.compiler: the processor must leave @Generated out.
        String generated = Files.readString(Path.of(
                "target/generated-sources/annotations/io/faultline/examples/modular/ModularDriver_FaultDispatcher.java"));
        assertFalse(generated.contains("@Generated"), generated);
        assertTrue(generated.contains("implements FaultDispatcher<ModularDriver>"));
        ModularDriver driver = new ModularDriver();
        List<String> sent = new ArrayList<>();
        FaultRouter router = FaultRouter.builder().responseSink((r, resp) -> sent.add(resp.name())).build();
        router.bind(3, ModularDriver_FaultDispatcher.of(driver));
        assertEquals(RouteOutcome.HANDLED, router.route(UnrecoverableFault.builder(Family.SYNTHETIC)
                .requesterId(3).stage(Stage.PTE).address(0x4000).build()));
        assertEquals(RouteOutcome.HANDLED, router.route(PageRequest.builder(Family.SYNTHETIC)
                .requesterId(3).groupIndex(2).lastInGroup(true).build()));
        assertEquals(List.of("PTE 0x4000", "page request group 2"), driver.seen());
        assertEquals(List.of("SUCCESS"), sent);
    }
}
