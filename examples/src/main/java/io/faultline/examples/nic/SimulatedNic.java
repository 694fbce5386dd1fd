package io.faultline.examples.nic;

/** The card the {@link NicDriver} controls: just enough state to show what the driver did. */
public final class SimulatedNic {
    /** The card's life cycle. */
    public enum State { RUNNING, SHUT_DOWN }

    private State state = State.RUNNING;
    private int resets;

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    public State state() {
        return state;
    }

    public int resets() {
        return resets;
    }

    void reset() {
        resets++;
    }

    void shutDown() {
        state = State.SHUT_DOWN;
    }
}
