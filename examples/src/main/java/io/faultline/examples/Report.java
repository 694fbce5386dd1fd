package io.faultline.examples;

import java.util.ArrayList;
import java.util.List;

/** What a scenario printed and whether each expected outcome happened. */
public final class Report {
    private final StringBuilder text = new StringBuilder();
    private final List<String> failedChecks = new ArrayList<>();
    private int checks;

    public Report line(String s) {
        text.append(s).append('\n');
        return this;
    }

    /** Records one expected outcome. */
    public Report check(boolean ok, String what) {
        checks++;
        text.append(ok ? "  [ok]   " : "  [FAIL] ").append(what).append('\n');
        if (!ok) {
            failedChecks.add(what);
        }
        return this;
    }

    public boolean passed() {
        return failedChecks.isEmpty();
    }

    public List<String> failedChecks() {
        return List.copyOf(failedChecks);
    }

    public int checks() {
        return checks;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
