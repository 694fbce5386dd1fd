package io.faultline.examples;

import io.faultline.api.Family;

/**
 * Runs every example scenario and prints its report: the NIC drivers, then every driver on a
 * simulated SMMUv3, then the same scenario on VT-d and AMD-Vi (one line each unless something
 * failed). Exits 1 if any expected outcome did not happen.
 */
public final class ExamplesMain {
    private ExamplesMain() {
    }

    public static void main(String[] args) {
        boolean passed = true;
        for (Report r : new Report[] {NicScenario.run(), DriversScenario.run(Family.ARM_SMMU_V3)}) {
            System.out.print(r);
            System.out.println();
            passed &= r.passed();
        }
        for (Family other : new Family[] {Family.INTEL_VTD, Family.AMD_VI}) {
            Report r = DriversScenario.run(other);
            if (r.passed()) {
                System.out.println("== The same scenario on a simulated " + other + " (its own records, its own adapter):"
                        + " all " + r.checks() + " checks passed.");
            } else {
                System.out.print(r);
            }
            passed &= r.passed();
        }
        if (!passed) {
            System.exit(1);
        }
    }
}
