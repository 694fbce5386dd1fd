package io.faultline.examples;

/** Runs every example scenario, prints its report, exits 1 if an expected outcome did not happen. */
public final class ExamplesMain {
    private ExamplesMain() {
    }

    public static void main(String[] args) {
        boolean passed = true;
        for (Report r : new Report[] {NicScenario.run(), DriversScenario.run()}) {
            System.out.print(r);
            System.out.println();
            passed &= r.passed();
        }
        if (!passed) {
            System.exit(1);
        }
    }
}
