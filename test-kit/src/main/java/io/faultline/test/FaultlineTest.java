package io.faultline.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class (or method) whose tests inject faults into annotated drivers: each test
 * method may take a {@link FaultInjector} parameter, a fresh one per test.
 *
 * <pre>{@code
 * @FaultlineTest
 * class NicDriverTest {
 *     @Test
 *     void resetsTheCardOnAnUnmappedBuffer(FaultInjector faults) {
 *         NicDriver nic = faults.bind(NicDriver_FaultDispatcher.of(new NicDriver(new SimulatedNic(), 2)));
 *         faults.unrecoverable().stage(Stage.PTE).address(0x9000).write().inject()
 *                 .assertHandler("onUnmappedDma")
 *                 .assertReturned(Disposition.HANDLED);
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(FaultlineExtension.class)
public @interface FaultlineTest {
}
