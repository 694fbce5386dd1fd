package io.faultline.examples;

/** Runs every example scenario, prints its report, exits 1 if an expected outcome did not happen. */
public final class ExamplesMain {
    private ExamplesMain() {
    }

    public static void main(String[] args) {
        Report nic = NicScenario.run();
        System.out.print(nic);
        if (!nic.passed()) {
            System.exit(1);
        }
    }
}
