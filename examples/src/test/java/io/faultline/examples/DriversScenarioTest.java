package io.faultline.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.api.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Nothing in the scenario may hang: a guest that never answers, a flood, a throwing driver. */
@Timeout(60)
class DriversScenarioTest {

    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"ARM_SMMU_V3", "INTEL_VTD", "AMD_VI"})
    void everyExpectedOutcomeHappensOnEveryFamily(Family family) {
        Report report = DriversScenario.run(family);
        assertTrue(report.passed(), () -> "failed checks " + report.failedChecks() + "\n" + report);
        assertTrue(report.checks() >= 11, report::toString);
    }

    @Test
    void reportShowsPerDriverWhatHappened() {
        String text = DriversScenario.run().toString();
        assertTrue(text.contains("-- Logger (storage controller, rid 0x010)\n  faults seen by the router: 3"), text);
        assertTrue(text.contains("#1 BLIT         0x42040   <-- uses the faulting page"), text);
        assertTrue(text.contains("SUCCESS for rid 0x30 pasid 1 group 4, 3 pages now mapped"), text);
        assertTrue(text.contains("host: CONTEXT fault (C_BAD_STE) on rid 0x50"), text);
        assertTrue(text.contains("rid 0x60 quarantined"), text);
        assertTrue(text.contains("INVALID for rid 0x70 pasid 1 group 6"), text);
    }
}
