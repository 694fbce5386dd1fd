package io.faultline.cli;

/** Entry point of the {@code faultline} command. */
public final class FaultlineCli {
    private FaultlineCli() {
    }

    public static void main(String[] args) {
        System.err.println("faultline: not implemented yet");
        System.exit(2);
    }
}
