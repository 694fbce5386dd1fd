package io.faultline.examples.gpu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A GPU with a few command rings. Each ring keeps its read and write pointers and the last commands
 * submitted (with the buffer address each one uses), which is what a fault dump needs to show.
 */
public final class SimulatedGpu {
    private static final int HISTORY = 4;

    private final List<Ring> rings = new ArrayList<>();
    private int recoveries;

    public SimulatedGpu(String... ringNames) {
        for (String n : ringNames) {
            rings.add(new Ring(n));
        }
    }

    /** Queues a command on a ring: it reads or writes {@code address}. The GPU runs it at once. */
    public void submit(int ring, String command, long address) {
        Ring r = rings.get(ring);
        r.wptr++;
        r.rptr = r.wptr; // executed (and, when it faults, aborted) immediately
        r.last.addLast(new Command(r.wptr, command, address));
        if (r.last.size() > HISTORY) {
            r.last.removeFirst();
        }
    }

    public List<Ring> rings() {
        return rings;
    }

    /** How many times the driver recovered the GPU after a fault. */
    public int recoveries() {
        return recoveries;
    }

    void recover() {
        recoveries++;
    }

    /** One command ring. */
    public static final class Ring {
        final String name;
        int rptr;
        int wptr;
        final Deque<Command> last = new ArrayDeque<>();

        Ring(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public List<Command> lastCommands() {
            return List.copyOf(last);
        }
    }

    /** A submitted command: its sequence number on the ring, its name, the buffer address it uses. */
    public record Command(int seqno, String name, long address) {
    }
}
