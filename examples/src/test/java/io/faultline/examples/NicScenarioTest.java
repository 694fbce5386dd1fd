package io.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NicScenarioTest {

    @Test
    void everyExpectedOutcomeHappens() {
        Report report = NicScenario.run();
        assertTrue(report.passed(), () -> "failed checks " + report.failedChecks() + "\n" + report);
        assertEquals(7, report.checks());
    }

    @Test
    void reportNamesWhatEachDriverDid() {
        String text = NicScenario.run().toString();
        assertTrue(text.contains("PTE fault at 0x9000 (write): card reset #1"), text);
        assertTrue(text.contains("CONTEXT fault (C_BAD_STE): card shut down"), text);
        assertTrue(text.contains("NO_DRIVER: CONTEXT C_BAD_STREAMID from stream 0x300 -> SHUT_DOWN_DEVICE"), text);
        assertTrue(text.contains("EventID: unknown event id 0x0f"), text);
    }
}
